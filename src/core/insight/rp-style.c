/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-style"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rp-buyer-zone.h"
#include "rp-style.h"

/* Reading a buyer's style from a handful of cues that work across the languages buyers
 * write in.  Markers are compared after casefolding and accent stripping (buyers often
 * leave accents out), so "grüßen", "GRUESSEN" and "grussen" are alike; a few formal
 * pronouns only mean "formal" when capitalised inside a sentence ("Sie", "Вы", "Pan"). */

typedef enum
{
  K_FORMAL,
  K_POLITE,
  K_CASUAL,
  K_ANGER,
  K_URGENCY,
  K_POSITIVE,
} Kind;

typedef enum
{
  M_WORD,     /* whole words (several words allowed) */
  M_PREFIX,   /* the start of a word: stems such as "мошенник" for "мошенники" */
  M_SUFFIX,   /* the end of a word: Korean endings -요, -니다; Turkish -siniz */
  M_SUB,      /* anywhere: Japanese, which has no spaces */
  M_CASE,     /* this exact capitalised word, not first in a sentence */
} Match;

typedef struct
{
  const char *key;
  Kind        kind;
  Match       match;
  float       weight;
} Marker;

static const Marker markers[] = {
  /* English */
  { "dear", K_FORMAL, M_WORD, 1.0 }, { "sir", K_FORMAL, M_WORD, 0.8 },
  { "madam", K_FORMAL, M_WORD, 0.8 }, { "regards", K_FORMAL, M_WORD, 1.0 },
  { "sincerely", K_FORMAL, M_WORD, 1.0 }, { "kindly", K_FORMAL, M_WORD, 0.8 },
  { "would you", K_FORMAL, M_WORD, 0.4 }, { "could you please", K_FORMAL, M_WORD, 0.4 },
  { "i would", K_FORMAL, M_WORD, 0.4 }, { "appreciate", K_FORMAL, M_WORD, 0.5 },
  { "in advance", K_FORMAL, M_WORD, 0.5 }, { "i am writing", K_FORMAL, M_WORD, 0.8 },
  { "please", K_POLITE, M_WORD, 0.5 }, { "thank you", K_POLITE, M_WORD, 0.5 },
  { "thanks", K_POLITE, M_WORD, 0.3 },
  { "hi", K_CASUAL, M_WORD, 0.5 }, { "hey", K_CASUAL, M_WORD, 0.8 },
  { "u", K_CASUAL, M_WORD, 0.8 }, { "ur", K_CASUAL, M_WORD, 0.8 },
  { "pls", K_CASUAL, M_WORD, 0.6 }, { "plz", K_CASUAL, M_WORD, 0.6 },
  { "thx", K_CASUAL, M_WORD, 0.8 }, { "thnx", K_CASUAL, M_WORD, 0.8 },
  { "lol", K_CASUAL, M_WORD, 1.0 }, { "omg", K_CASUAL, M_WORD, 0.8 },
  { "gonna", K_CASUAL, M_WORD, 0.8 }, { "wanna", K_CASUAL, M_WORD, 0.8 },
  { "yeah", K_CASUAL, M_WORD, 0.6 }, { "ok", K_CASUAL, M_WORD, 0.3 },
  { "okay", K_CASUAL, M_WORD, 0.3 }, { "haha", K_CASUAL, M_PREFIX, 0.8 },
  { "xd", K_CASUAL, M_WORD, 0.8 }, { "bro", K_CASUAL, M_WORD, 0.8 },
  { "dude", K_CASUAL, M_WORD, 0.8 }, { "got it", K_CASUAL, M_WORD, 0.4 },
  { "i m", K_CASUAL, M_WORD, 0.3 }, { "it s", K_CASUAL, M_WORD, 0.3 },
  { "i ve", K_CASUAL, M_WORD, 0.3 }, { "hasn t", K_CASUAL, M_WORD, 0.2 },
  { "don t", K_CASUAL, M_WORD, 0.2 }, { "can t", K_CASUAL, M_WORD, 0.2 },
  { "scam", K_ANGER, M_PREFIX, 1.0 }, { "fraud", K_ANGER, M_PREFIX, 1.0 },
  { "unacceptable", K_ANGER, M_WORD, 1.0 }, { "ridiculous", K_ANGER, M_WORD, 1.0 },
  { "worst", K_ANGER, M_WORD, 1.0 }, { "terrible", K_ANGER, M_WORD, 0.8 },
  { "disgusting", K_ANGER, M_WORD, 1.0 }, { "liar", K_ANGER, M_PREFIX, 1.5 },
  { "lied", K_ANGER, M_WORD, 1.0 }, { "cheat", K_ANGER, M_PREFIX, 1.0 },
  { "stupid", K_ANGER, M_WORD, 1.5 }, { "idiot", K_ANGER, M_PREFIX, 1.5 },
  { "useless", K_ANGER, M_WORD, 1.0 }, { "garbage", K_ANGER, M_WORD, 1.0 },
  { "trash", K_ANGER, M_WORD, 0.8 }, { "wtf", K_ANGER, M_WORD, 1.2 },
  { "damn", K_ANGER, M_WORD, 0.8 }, { "shit", K_ANGER, M_PREFIX, 1.5 },
  { "fuck", K_ANGER, M_PREFIX, 1.5 }, { "disappointed", K_ANGER, M_WORD, 0.6 },
  { "complain", K_ANGER, M_PREFIX, 0.6 }, { "damaged", K_ANGER, M_WORD, 0.5 },
  { "broken", K_ANGER, M_WORD, 0.5 }, { "never received", K_ANGER, M_WORD, 0.6 },
  { "dispute", K_ANGER, M_WORD, 0.5 }, { "demand", K_ANGER, M_WORD, 0.8 },
  { "escalate", K_ANGER, M_WORD, 0.6 },
  { "now", K_URGENCY, M_WORD, 0.4 }, { "right now", K_URGENCY, M_WORD, 0.3 },
  { "immediately", K_URGENCY, M_WORD, 0.6 }, { "immediate", K_URGENCY, M_WORD, 0.6 },
  { "asap", K_URGENCY, M_WORD, 0.6 }, { "refund", K_URGENCY, M_WORD, 0.5 },
  { "police", K_URGENCY, M_WORD, 0.8 }, { "lawyer", K_URGENCY, M_WORD, 0.8 },
  { "report", K_URGENCY, M_PREFIX, 0.5 }, { "chargeback", K_URGENCY, M_WORD, 0.8 },
  { "money back", K_URGENCY, M_WORD, 0.6 },
  { "love", K_POSITIVE, M_PREFIX, 0.6 }, { "great", K_POSITIVE, M_WORD, 0.5 },
  { "perfect", K_POSITIVE, M_WORD, 0.6 }, { "excellent", K_POSITIVE, M_WORD, 0.6 },
  { "amazing", K_POSITIVE, M_WORD, 0.6 }, { "awesome", K_POSITIVE, M_WORD, 0.6 },
  { "excited", K_POSITIVE, M_WORD, 0.6 }, { "happy", K_POSITIVE, M_WORD, 0.5 },
  { "nice", K_POSITIVE, M_WORD, 0.4 }, { "thanks so much", K_POSITIVE, M_WORD, 0.5 },
  { "no rush", K_POSITIVE, M_WORD, 0.5 }, { "not a big deal", K_POSITIVE, M_WORD, 0.8 },
  { "no problem", K_POSITIVE, M_WORD, 0.6 },

  /* Damage, theft and demands, across languages: the complaint itself. */
  { "defective", K_ANGER, M_WORD, 0.6 }, { "faulty", K_ANGER, M_WORD, 0.6 },
  { "stopped working", K_ANGER, M_WORD, 0.6 }, { "not working", K_ANGER, M_WORD, 0.6 },
  { "still nothing", K_ANGER, M_WORD, 0.6 }, { "is this a joke", K_ANGER, M_WORD, 0.8 },
  { "i expect", K_ANGER, M_WORD, 0.4 },
  { "defekt", K_ANGER, M_WORD, 0.6 }, { "kaputt", K_ANGER, M_WORD, 0.6 },
  { "beschädigt", K_ANGER, M_WORD, 0.6 }, { "erwarte", K_ANGER, M_WORD, 0.4 },
  { "umgehend", K_URGENCY, M_WORD, 0.6 },
  { "cassé", K_ANGER, M_PREFIX, 0.6 }, { "abîmé", K_ANGER, M_PREFIX, 0.6 },
  { "défectueu", K_ANGER, M_PREFIX, 0.6 }, { "vol", K_ANGER, M_WORD, 0.8 },
  { "exige", K_ANGER, M_WORD, 0.8 }, { "rends moi", K_URGENCY, M_WORD, 0.6 },
  { "rendez moi", K_URGENCY, M_WORD, 0.6 }, { "mon argent", K_URGENCY, M_WORD, 0.4 },
  { "roto", K_ANGER, M_WORD, 0.6 }, { "rota", K_ANGER, M_WORD, 0.6 },
  { "dañado", K_ANGER, M_PREFIX, 0.6 }, { "defectuos", K_ANGER, M_PREFIX, 0.6 },
  { "robo", K_ANGER, M_WORD, 1.0 }, { "exijo", K_ANGER, M_WORD, 0.8 },
  { "peor", K_ANGER, M_WORD, 0.6 }, { "inmediat", K_URGENCY, M_PREFIX, 0.6 },
  { "quebrad", K_ANGER, M_PREFIX, 0.6 }, { "defeito", K_ANGER, M_WORD, 0.6 },
  { "rotto", K_ANGER, M_WORD, 0.6 }, { "difettoso", K_ANGER, M_WORD, 0.6 },
  { "scherzo", K_ANGER, M_WORD, 0.6 }, { "pretendo", K_ANGER, M_WORD, 0.8 },
  { "soldi indietro", K_URGENCY, M_WORD, 0.6 },
  { "uszkodzon", K_ANGER, M_PREFIX, 0.6 }, { "zepsut", K_ANGER, M_PREFIX, 0.6 },
  { "poškozen", K_ANGER, M_PREFIX, 0.6 }, { "rozbit", K_ANGER, M_PREFIX, 0.6 },
  { "žádám", K_ANGER, M_WORD, 0.4 }, { "vrácení peněz", K_URGENCY, M_WORD, 0.6 },
  { "сломан", K_ANGER, M_PREFIX, 0.6 }, { "брак", K_ANGER, M_WORD, 0.6 },
  { "bozuk", K_ANGER, M_WORD, 0.6 }, { "kırık", K_ANGER, M_WORD, 0.6 },
  { "kapot", K_ANGER, M_WORD, 0.6 }, { "beschadigd", K_ANGER, M_WORD, 0.6 },
  { "trasig", K_ANGER, M_WORD, 0.6 }, { "skadad", K_ANGER, M_PREFIX, 0.6 },

  /* Waiting in vain and poor service: the patience running out, in every language. */
  { "still waiting", K_ANGER, M_WORD, 0.5 }, { "nothing yet", K_ANGER, M_WORD, 0.5 },
  { "not received", K_ANGER, M_WORD, 0.5 }, { "never arrived", K_ANGER, M_WORD, 0.6 },
  { "nobody answers", K_ANGER, M_WORD, 0.6 }, { "no one answers", K_ANGER, M_WORD, 0.6 },
  { "joke", K_ANGER, M_WORD, 0.6 }, { "poor service", K_ANGER, M_WORD, 0.8 },
  { "bad service", K_ANGER, M_WORD, 0.8 },
  { "toujours rien", K_ANGER, M_WORD, 0.5 }, { "toujours pas", K_ANGER, M_WORD, 0.5 },
  { "rien reçu", K_ANGER, M_WORD, 0.5 }, { "n'importe quoi", K_ANGER, M_WORD, 0.8 },
  { "lamentable", K_ANGER, M_WORD, 1.0 },
  { "immer noch nicht", K_ANGER, M_WORD, 0.5 }, { "wo bleibt", K_ANGER, M_WORD, 0.5 },
  { "noch nicht angekommen", K_ANGER, M_WORD, 0.5 }, { "schwach", K_ANGER, M_WORD, 0.6 },
  { "unmöglich", K_ANGER, M_WORD, 0.8 },
  { "y nada", K_ANGER, M_WORD, 0.5 }, { "sigo esperando", K_ANGER, M_WORD, 0.5 },
  { "todavía no", K_ANGER, M_WORD, 0.4 }, { "mal servicio", K_ANGER, M_WORD, 0.8 },
  { "até agora nada", K_ANGER, M_WORD, 0.5 }, { "ainda não chegou", K_ANGER, M_WORD, 0.5 },
  { "sacanagem", K_ANGER, M_WORD, 1.0 }, { "descaso", K_ANGER, M_WORD, 0.8 },
  { "до сих пор", K_ANGER, M_WORD, 0.5 }, { "издева", K_ANGER, M_PREFIX, 0.8 },
  { "nadal nic", K_ANGER, M_WORD, 0.5 }, { "wciąż nic", K_ANGER, M_WORD, 0.5 },
  { "co to ma być", K_ANGER, M_WORD, 0.8 },
  { "nog steeds niks", K_ANGER, M_WORD, 0.5 }, { "nog steeds niets", K_ANGER, M_WORD, 0.5 },
  { "waardeloos", K_ANGER, M_WORD, 1.0 }, { "slecht", K_ANGER, M_WORD, 0.6 },
  { "ancora niente", K_ANGER, M_WORD, 0.5 }, { "ancora nulla", K_ANGER, M_WORD, 0.5 },
  { "fortfarande inget", K_ANGER, M_WORD, 0.5 }, { "hala gelmedi", K_ANGER, M_WORD, 0.5 },
  { "まだ届かない", K_ANGER, M_SUB, 0.5 }, { "どうなって", K_ANGER, M_SUB, 0.6 },
  { "아직도", K_ANGER, M_SUB, 0.5 },

  /* Wrong, fake or disappointing goods, and exasperation. */
  { "seriously", K_ANGER, M_WORD, 0.4 }, { "what kind of", K_ANGER, M_WORD, 0.5 },
  { "star review", K_ANGER, M_WORD, 0.6 }, { "fix this", K_ANGER, M_WORD, 0.6 },
  { "empty", K_ANGER, M_WORD, 0.5 }, { "wrong item", K_ANGER, M_WORD, 0.6 },
  { "not as described", K_ANGER, M_WORD, 0.6 }, { "fake", K_ANGER, M_WORD, 0.8 },
  { "counterfeit", K_ANGER, M_WORD, 0.8 }, { "not satisfied", K_ANGER, M_WORD, 0.6 },
  { "how long", K_ANGER, M_WORD, 0.4 },
  { "dégoût", K_ANGER, M_PREFIX, 0.8 }, { "catastrophe", K_ANGER, M_WORD, 0.8 },
  { "déception", K_ANGER, M_WORD, 0.6 }, { "pas satisfait", K_ANGER, M_PREFIX, 0.6 },
  { "contrefaçon", K_ANGER, M_WORD, 0.8 },
  { "entspricht nicht", K_ANGER, M_WORD, 0.6 }, { "fordere", K_ANGER, M_WORD, 0.8 },
  { "gefälscht", K_ANGER, M_PREFIX, 0.8 }, { "unzufrieden", K_ANGER, M_WORD, 0.6 },
  { "wie lange noch", K_ANGER, M_WORD, 0.6 },
  { "desastre", K_ANGER, M_WORD, 0.8 }, { "otra cosa", K_ANGER, M_WORD, 0.5 },
  { "no corresponde", K_ANGER, M_WORD, 0.6 }, { "decepción", K_ANGER, M_WORD, 0.6 },
  { "falsificad", K_ANGER, M_PREFIX, 0.8 }, { "danificad", K_ANGER, M_PREFIX, 0.6 },
  { "devolução", K_URGENCY, M_WORD, 0.4 }, { "decepcionad", K_ANGER, M_PREFIX, 0.6 },
  { "errado", K_ANGER, M_WORD, 0.5 },
  { "сколько можно", K_ANGER, M_WORD, 0.8 }, { "задержк", K_ANGER, M_PREFIX, 0.4 },
  { "подделк", K_ANGER, M_PREFIX, 0.8 }, { "разочарован", K_ANGER, M_PREFIX, 0.6 },
  { "скільки можна", K_ANGER, M_WORD, 0.8 }, { "підробк", K_ANGER, M_PREFIX, 0.8 },
  { "masakra", K_ANGER, M_WORD, 1.0 }, { "dalej nic", K_ANGER, M_WORD, 0.5 },
  { "podróbk", K_ANGER, M_PREFIX, 0.8 }, { "rozczarowan", K_ANGER, M_PREFIX, 0.6 },
  { "deluso", K_ANGER, M_WORD, 0.6 }, { "non corrisponde", K_ANGER, M_WORD, 0.6 },
  { "teleurgesteld", K_ANGER, M_WORD, 0.6 }, { "nep", K_ANGER, M_WORD, 0.8 },
  { "sahte", K_ANGER, M_WORD, 0.8 }, { "memnun değilim", K_ANGER, M_WORD, 0.8 },
  { "hayal kırıklığı", K_ANGER, M_WORD, 0.8 },
  { "שבור", K_ANGER, M_PREFIX, 0.6 }, { "מאכזב", K_ANGER, M_WORD, 0.8 },
  { "מזויף", K_ANGER, M_WORD, 0.8 },
  { "불량", K_ANGER, M_SUB, 0.8 }, { "가짜", K_ANGER, M_SUB, 0.8 },
  { "어떻게 할 거", K_ANGER, M_SUB, 0.6 },
  { "不良", K_ANGER, M_SUB, 0.8 }, { "偽物", K_ANGER, M_SUB, 0.8 },
  { "がっかり", K_ANGER, M_SUB, 0.8 },

  /* How long they have waited: a buyer counting weeks or months is rarely content. */
  { "week", K_ANGER, M_PREFIX, 0.3 }, { "month", K_ANGER, M_PREFIX, 0.3 },
  { "semaine", K_ANGER, M_PREFIX, 0.3 }, { "mois", K_ANGER, M_WORD, 0.3 },
  { "woche", K_ANGER, M_PREFIX, 0.3 }, { "monat", K_ANGER, M_PREFIX, 0.3 },
  { "semana", K_ANGER, M_PREFIX, 0.3 }, { "meses", K_ANGER, M_WORD, 0.3 },
  { "un mes", K_ANGER, M_WORD, 0.3 }, { "um mês", K_ANGER, M_WORD, 0.3 },
  { "недел", K_ANGER, M_PREFIX, 0.3 }, { "месяц", K_ANGER, M_PREFIX, 0.3 },
  { "тижн", K_ANGER, M_PREFIX, 0.3 }, { "тиждень", K_ANGER, M_WORD, 0.3 },
  { "місяц", K_ANGER, M_PREFIX, 0.3 }, { "tydzień", K_ANGER, M_WORD, 0.3 },
  { "tygodni", K_ANGER, M_PREFIX, 0.3 }, { "miesiąc", K_ANGER, M_PREFIX, 0.3 },
  { "miesięc", K_ANGER, M_PREFIX, 0.3 }, { "týd", K_ANGER, M_PREFIX, 0.3 },
  { "měsíc", K_ANGER, M_PREFIX, 0.3 }, { "hafta", K_ANGER, M_PREFIX, 0.3 },
  { "aydır", K_ANGER, M_WORD, 0.3 }, { "settiman", K_ANGER, M_PREFIX, 0.3 },
  { "mese", K_ANGER, M_WORD, 0.3 }, { "mesi", K_ANGER, M_WORD, 0.3 },
  { "weken", K_ANGER, M_WORD, 0.3 }, { "maand", K_ANGER, M_PREFIX, 0.3 },
  { "veckor", K_ANGER, M_WORD, 0.3 }, { "månad", K_ANGER, M_PREFIX, 0.3 },
  { "주째", K_ANGER, M_SUB, 0.3 }, { "달째", K_ANGER, M_SUB, 0.3 },
  { "週間", K_ANGER, M_SUB, 0.3 }, { "ヶ月", K_ANGER, M_SUB, 0.3 },
  { "か月", K_ANGER, M_SUB, 0.3 }, { "שבוע", K_ANGER, M_PREFIX, 0.3 },
  { "חודש", K_ANGER, M_PREFIX, 0.3 }, { "أسابيع", K_ANGER, M_WORD, 0.3 },
  { "شهر", K_ANGER, M_PREFIX, 0.3 },

  /* Common words for annoyance and poor goods or service, per language. */
  { "unbelievable", K_ANGER, M_WORD, 0.8 }, { "rubbish", K_ANGER, M_WORD, 0.8 },
  { "fed up", K_ANGER, M_WORD, 0.8 }, { "not good enough", K_ANGER, M_WORD, 0.8 },
  { "annoyed", K_ANGER, M_WORD, 0.8 }, { "upset", K_ANGER, M_WORD, 0.8 },
  { "angry", K_ANGER, M_WORD, 1.0 }, { "frustrat", K_ANGER, M_PREFIX, 0.8 },
  { "awful", K_ANGER, M_WORD, 0.8 }, { "horrible", K_ANGER, M_WORD, 0.8 },
  { "pathetic", K_ANGER, M_WORD, 1.0 }, { "nonsense", K_ANGER, M_WORD, 0.8 },
  { "no answer", K_ANGER, M_WORD, 0.6 }, { "no reply", K_ANGER, M_WORD, 0.6 },
  { "ignored", K_ANGER, M_WORD, 0.6 }, { "waste", K_ANGER, M_WORD, 0.6 },
  { "poor quality", K_ANGER, M_WORD, 0.6 }, { "rip off", K_ANGER, M_WORD, 1.0 },
  { "ripped off", K_ANGER, M_WORD, 1.0 }, { "doesn t work", K_ANGER, M_WORD, 0.6 },
  { "does not work", K_ANGER, M_WORD, 0.6 }, { "broke", K_ANGER, M_WORD, 0.5 },
  { "pas possible", K_ANGER, M_WORD, 0.6 }, { "énervé", K_ANGER, M_PREFIX, 0.8 },
  { "en colère", K_ANGER, M_WORD, 1.0 }, { "marre", K_ANGER, M_WORD, 0.8 },
  { "pas normal", K_ANGER, M_WORD, 0.6 }, { "aucune réponse", K_ANGER, M_WORD, 0.6 },
  { "pas de réponse", K_ANGER, M_WORD, 0.6 }, { "ridicule", K_ANGER, M_WORD, 0.8 },
  { "mauvaise qualité", K_ANGER, M_WORD, 0.6 },
  { "geht so nicht", K_ANGER, M_WORD, 0.8 }, { "keine antwort", K_ANGER, M_WORD, 0.6 },
  { "ärgerlich", K_ANGER, M_WORD, 0.8 }, { "verärgert", K_ANGER, M_WORD, 0.8 },
  { "sauer", K_ANGER, M_WORD, 0.6 }, { "genervt", K_ANGER, M_WORD, 0.8 },
  { "lächerlich", K_ANGER, M_WORD, 0.8 }, { "schlechte", K_ANGER, M_WORD, 0.5 },
  { "no funciona", K_ANGER, M_WORD, 0.6 }, { "enojad", K_ANGER, M_PREFIX, 0.8 },
  { "enfadad", K_ANGER, M_PREFIX, 0.8 }, { "molest", K_ANGER, M_PREFIX, 0.6 },
  { "fatal", K_ANGER, M_WORD, 0.6 }, { "sin respuesta", K_ANGER, M_WORD, 0.6 },
  { "ninguna respuesta", K_ANGER, M_WORD, 0.6 }, { "mala calidad", K_ANGER, M_WORD, 0.6 },
  { "ridículo", K_ANGER, M_WORD, 0.8 },
  { "raiva", K_ANGER, M_WORD, 1.0 }, { "irritad", K_ANGER, M_PREFIX, 0.8 },
  { "chatead", K_ANGER, M_PREFIX, 0.8 }, { "horrível", K_ANGER, M_WORD, 0.8 },
  { "sem resposta", K_ANGER, M_WORD, 0.6 }, { "não funciona", K_ANGER, M_WORD, 0.6 },
  { "decepção", K_ANGER, M_WORD, 0.6 },
  { "бесит", K_ANGER, M_WORD, 1.0 }, { "надоело", K_ANGER, M_WORD, 0.8 },
  { "отвратительн", K_ANGER, M_PREFIX, 1.0 }, { "не отвечает", K_ANGER, M_PREFIX, 0.6 },
  { "не работает", K_ANGER, M_WORD, 0.6 }, { "возмутительн", K_ANGER, M_PREFIX, 1.0 },
  { "неприємн", K_ANGER, M_PREFIX, 0.8 }, { "набридло", K_ANGER, M_WORD, 0.8 },
  { "не працює", K_ANGER, M_WORD, 0.6 }, { "зламан", K_ANGER, M_PREFIX, 0.6 },
  { "обурлив", K_ANGER, M_PREFIX, 1.0 },
  { "porażka", K_ANGER, M_WORD, 1.0 }, { "dramat", K_ANGER, M_WORD, 0.8 },
  { "wkurz", K_ANGER, M_PREFIX, 1.0 }, { "okropn", K_ANGER, M_PREFIX, 0.8 },
  { "nie działa", K_ANGER, M_WORD, 0.6 }, { "brak odpowiedzi", K_ANGER, M_WORD, 0.6 },
  { "ile można", K_ANGER, M_WORD, 0.8 }, { "żałosn", K_ANGER, M_PREFIX, 1.0 },
  { "hrůza", K_ANGER, M_WORD, 1.0 }, { "hrozn", K_ANGER, M_PREFIX, 0.8 },
  { "nefunguje", K_ANGER, M_WORD, 0.6 }, { "naštvan", K_ANGER, M_PREFIX, 0.8 },
  { "ostuda", K_ANGER, M_WORD, 1.0 },
  { "non funziona", K_ANGER, M_WORD, 0.6 }, { "arrabbiat", K_ANGER, M_PREFIX, 0.8 },
  { "nessuna risposta", K_ANGER, M_WORD, 0.6 }, { "ridicolo", K_ANGER, M_WORD, 0.8 },
  { "assurdo", K_ANGER, M_WORD, 0.8 }, { "delusione", K_ANGER, M_WORD, 0.6 },
  { "orribile", K_ANGER, M_WORD, 0.8 },
  { "niet normaal", K_ANGER, M_WORD, 0.6 }, { "geen antwoord", K_ANGER, M_WORD, 0.6 },
  { "geen reactie", K_ANGER, M_WORD, 0.6 }, { "werkt niet", K_ANGER, M_WORD, 0.6 },
  { "boos", K_ANGER, M_WORD, 0.8 },
  { "fungerar inte", K_ANGER, M_WORD, 0.6 }, { "inget svar", K_ANGER, M_WORD, 0.6 },
  { "arg", K_ANGER, M_WORD, 0.8 }, { "besviken", K_ANGER, M_WORD, 0.6 },
  { "ne biçim", K_ANGER, M_WORD, 0.8 }, { "cevap yok", K_ANGER, M_WORD, 0.6 },
  { "yanıt yok", K_ANGER, M_WORD, 0.6 }, { "çalışmıyor", K_ANGER, M_WORD, 0.6 },
  { "kızgın", K_ANGER, M_WORD, 0.8 }, { "rezil", K_ANGER, M_WORD, 1.0 },
  { "saçma", K_ANGER, M_WORD, 0.8 }, { "bıktım", K_ANGER, M_WORD, 0.8 },
  { "실망", K_ANGER, M_SUB, 0.8 }, { "화나", K_ANGER, M_SUB, 0.8 },
  { "답답", K_ANGER, M_SUB, 0.6 }, { "엉망", K_ANGER, M_SUB, 0.8 },
  { "찢어", K_ANGER, M_SUB, 0.5 },
  { "最低", K_ANGER, M_SUB, 1.0 }, { "困ります", K_ANGER, M_SUB, 0.6 },
  { "壊れ", K_ANGER, M_SUB, 0.6 }, { "残念", K_ANGER, M_SUB, 0.5 },
  { "ありえない", K_ANGER, M_SUB, 0.8 }, { "全然違", K_ANGER, M_SUB, 0.6 },
  { "מאוכזב", K_ANGER, M_PREFIX, 0.8 }, { "נמאס", K_ANGER, M_WORD, 0.8 },
  { "לא עובד", K_ANGER, M_WORD, 0.6 }, { "אין תשובה", K_ANGER, M_WORD, 0.6 },
  { "זוועה", K_ANGER, M_WORD, 1.0 }, { "גרוע", K_ANGER, M_WORD, 0.8 },
  { "تالف", K_ANGER, M_PREFIX, 0.6 }, { "لا يعمل", K_ANGER, M_WORD, 0.6 },
  { "سيئ", K_ANGER, M_WORD, 0.8 }, { "زعلان", K_ANGER, M_WORD, 0.8 },
  { "لا يوجد رد", K_ANGER, M_WORD, 0.6 }, { "مغشوش", K_ANGER, M_WORD, 0.8 },

  /* French */
  { "vous", K_FORMAL, M_WORD, 1.0 }, { "votre", K_FORMAL, M_WORD, 0.6 },
  { "vos", K_FORMAL, M_WORD, 0.6 }, { "madame", K_FORMAL, M_WORD, 1.0 },
  { "monsieur", K_FORMAL, M_WORD, 1.0 }, { "cordialement", K_FORMAL, M_WORD, 1.0 },
  { "salutations", K_FORMAL, M_WORD, 1.0 }, { "veuillez", K_FORMAL, M_WORD, 1.0 },
  { "bonjour", K_FORMAL, M_WORD, 0.3 }, { "bonsoir", K_FORMAL, M_WORD, 0.3 },
  { "s'il vous plaît", K_POLITE, M_WORD, 0.5 }, { "merci", K_POLITE, M_WORD, 0.3 },
  { "tu", K_CASUAL, M_WORD, 1.0 }, { "t'as", K_CASUAL, M_WORD, 0.8 },
  { "toi", K_CASUAL, M_WORD, 0.8 }, { "salut", K_CASUAL, M_WORD, 0.8 },
  { "coucou", K_CASUAL, M_WORD, 1.0 }, { "stp", K_CASUAL, M_WORD, 0.8 },
  { "mdr", K_CASUAL, M_WORD, 1.0 }, { "ptdr", K_CASUAL, M_WORD, 1.0 },
  { "ouais", K_CASUAL, M_WORD, 0.8 }, { "bisous", K_CASUAL, M_WORD, 0.8 },
  { "franchement", K_CASUAL, M_WORD, 0.5 },
  { "inadmissible", K_ANGER, M_WORD, 1.0 }, { "inacceptable", K_ANGER, M_WORD, 1.0 },
  { "arnaque", K_ANGER, M_PREFIX, 1.0 }, { "escroc", K_ANGER, M_PREFIX, 1.2 },
  { "voleur", K_ANGER, M_PREFIX, 1.2 }, { "honte", K_ANGER, M_WORD, 0.8 },
  { "scandale", K_ANGER, M_PREFIX, 1.0 }, { "nul", K_ANGER, M_WORD, 0.6 },
  { "litige", K_ANGER, M_WORD, 0.5 }, { "plainte", K_ANGER, M_WORD, 0.6 },
  { "déçu", K_ANGER, M_PREFIX, 0.6 }, { "furieux", K_ANGER, M_WORD, 1.0 },
  { "merde", K_ANGER, M_WORD, 1.5 }, { "mauvaise note", K_ANGER, M_WORD, 0.5 },
  { "immédiatement", K_URGENCY, M_WORD, 0.6 }, { "rembours", K_URGENCY, M_PREFIX, 0.5 },
  { "tout de suite", K_URGENCY, M_WORD, 0.5 },
  { "parfait", K_POSITIVE, M_WORD, 0.6 }, { "génial", K_POSITIVE, M_WORD, 0.6 },
  { "j'adore", K_POSITIVE, M_WORD, 0.6 }, { "bien reçu", K_POSITIVE, M_WORD, 0.4 },
  { "super", K_POSITIVE, M_WORD, 0.5 },

  /* German */
  { "Sie", K_FORMAL, M_CASE, 1.0 }, { "Ihnen", K_FORMAL, M_CASE, 1.0 },
  { "Ihr", K_FORMAL, M_CASE, 0.6 }, { "Ihre", K_FORMAL, M_CASE, 0.6 },
  { "sehr geehrte", K_FORMAL, M_PREFIX, 1.0 }, { "mit freundlichen Grüßen", K_FORMAL, M_WORD, 1.0 },
  { "freundliche Grüße", K_FORMAL, M_WORD, 1.0 }, { "damen und herren", K_FORMAL, M_WORD, 1.0 },
  { "hochachtungsvoll", K_FORMAL, M_WORD, 1.0 }, { "im voraus", K_FORMAL, M_WORD, 0.5 },
  { "bitte", K_POLITE, M_WORD, 0.5 }, { "danke", K_POLITE, M_WORD, 0.3 },
  { "vielen dank", K_POLITE, M_WORD, 0.5 },
  { "du", K_CASUAL, M_WORD, 1.0 }, { "dir", K_CASUAL, M_WORD, 0.8 },
  { "dich", K_CASUAL, M_WORD, 0.8 }, { "dein", K_CASUAL, M_PREFIX, 0.8 },
  { "hallöchen", K_CASUAL, M_WORD, 1.0 }, { "lg", K_CASUAL, M_WORD, 0.8 },
  { "moin", K_CASUAL, M_WORD, 0.6 }, { "servus", K_CASUAL, M_WORD, 0.6 },
  { "sag mal", K_CASUAL, M_WORD, 0.8 },
  { "betrug", K_ANGER, M_PREFIX, 1.0 }, { "betrüger", K_ANGER, M_PREFIX, 1.2 },
  { "unverschämt", K_ANGER, M_PREFIX, 1.0 }, { "inakzeptabel", K_ANGER, M_WORD, 1.0 },
  { "frechheit", K_ANGER, M_WORD, 1.0 }, { "katastrophe", K_ANGER, M_WORD, 0.8 },
  { "enttäuscht", K_ANGER, M_WORD, 0.6 }, { "mist", K_ANGER, M_WORD, 0.8 },
  { "scheiße", K_ANGER, M_PREFIX, 1.5 }, { "was soll das", K_ANGER, M_WORD, 0.8 },
  { "anzeige", K_ANGER, M_WORD, 0.6 },
  { "sofort", K_URGENCY, M_WORD, 0.6 }, { "geld zurück", K_URGENCY, M_WORD, 0.6 },
  { "polizei", K_URGENCY, M_WORD, 0.8 }, { "anwalt", K_URGENCY, M_WORD, 0.8 },
  { "rückerstattung", K_URGENCY, M_WORD, 0.5 },
  { "toll", K_POSITIVE, M_WORD, 0.5 }, { "perfekt", K_POSITIVE, M_WORD, 0.6 },

  /* Spanish */
  { "usted", K_FORMAL, M_PREFIX, 1.0 }, { "estimado", K_FORMAL, M_PREFIX, 1.0 },
  { "estimada", K_FORMAL, M_PREFIX, 1.0 }, { "atentamente", K_FORMAL, M_WORD, 1.0 },
  { "cordialmente", K_FORMAL, M_WORD, 1.0 }, { "le agradecería", K_FORMAL, M_WORD, 0.8 },
  { "le escribo", K_FORMAL, M_WORD, 0.8 }, { "señor", K_FORMAL, M_PREFIX, 0.6 },
  { "quedo atento", K_FORMAL, M_WORD, 0.8 }, { "quedo atenta", K_FORMAL, M_WORD, 0.8 },
  { "podría", K_FORMAL, M_WORD, 0.5 }, { "buenos días", K_FORMAL, M_WORD, 0.3 },
  { "buenas tardes", K_FORMAL, M_WORD, 0.3 }, { "saludos cordiales", K_FORMAL, M_WORD, 1.0 },
  { "cordial saludo", K_FORMAL, M_WORD, 1.0 }, { "sería tan amable", K_FORMAL, M_WORD, 0.8 },
  { "muy buenas", K_FORMAL, M_WORD, 0.3 },
  { "por favor", K_POLITE, M_WORD, 0.5 }, { "gracias", K_POLITE, M_WORD, 0.3 },
  { "oye", K_CASUAL, M_WORD, 0.8 }, { "jaja", K_CASUAL, M_PREFIX, 1.0 },
  { "porfa", K_CASUAL, M_WORD, 0.8 }, { "amigo", K_CASUAL, M_WORD, 0.6 },
  { "amiga", K_CASUAL, M_WORD, 0.6 }, { "guapa", K_CASUAL, M_WORD, 0.8 },
  { "hola", K_CASUAL, M_WORD, 0.2 }, { "devuélveme", K_CASUAL, M_WORD, 0.6 },
  { "te escribí", K_CASUAL, M_WORD, 0.5 },
  { "estafa", K_ANGER, M_PREFIX, 1.0 }, { "fraude", K_ANGER, M_WORD, 1.0 },
  { "ladrón", K_ANGER, M_PREFIX, 1.2 }, { "ladrones", K_ANGER, M_WORD, 1.2 },
  { "vergüenza", K_ANGER, M_WORD, 1.0 }, { "inaceptable", K_ANGER, M_WORD, 1.0 },
  { "pésimo", K_ANGER, M_PREFIX, 1.0 }, { "basura", K_ANGER, M_WORD, 1.0 },
  { "mierda", K_ANGER, M_WORD, 1.5 }, { "harto", K_ANGER, M_WORD, 0.8 },
  { "harta", K_ANGER, M_WORD, 0.8 }, { "denuncia", K_ANGER, M_WORD, 0.6 },
  { "disputa", K_ANGER, M_WORD, 0.5 },
  { "inmediatamente", K_URGENCY, M_WORD, 0.6 }, { "reembolso", K_URGENCY, M_WORD, 0.5 },
  { "policía", K_URGENCY, M_WORD, 0.8 }, { "el dinero", K_URGENCY, M_WORD, 0.4 },
  { "me encantó", K_POSITIVE, M_WORD, 0.6 }, { "me encanta", K_POSITIVE, M_WORD, 0.6 },
  { "perfecto", K_POSITIVE, M_WORD, 0.6 },

  /* Portuguese */
  { "prezado", K_FORMAL, M_PREFIX, 1.0 }, { "prezada", K_FORMAL, M_PREFIX, 1.0 },
  { "senhor", K_FORMAL, M_PREFIX, 0.8 }, { "atenciosamente", K_FORMAL, M_WORD, 1.0 },
  { "agradeço", K_FORMAL, M_WORD, 0.6 }, { "gostaria", K_FORMAL, M_WORD, 0.5 },
  { "por gentileza", K_FORMAL, M_WORD, 0.8 }, { "bom dia", K_FORMAL, M_WORD, 0.3 },
  { "boa tarde", K_FORMAL, M_WORD, 0.3 }, { "informo", K_FORMAL, M_WORD, 0.5 },
  { "obrigado", K_POLITE, M_WORD, 0.4 }, { "obrigada", K_POLITE, M_WORD, 0.4 },
  { "oi", K_CASUAL, M_WORD, 0.8 }, { "oii", K_CASUAL, M_PREFIX, 0.8 },
  { "kkk", K_CASUAL, M_PREFIX, 1.0 }, { "rs", K_CASUAL, M_WORD, 0.6 },
  { "vc", K_CASUAL, M_WORD, 0.8 }, { "vcs", K_CASUAL, M_WORD, 0.8 },
  { "cadê", K_CASUAL, M_WORD, 0.5 }, { "blz", K_CASUAL, M_WORD, 0.8 },
  { "amei", K_CASUAL, M_WORD, 0.6 }, { "gente", K_CASUAL, M_WORD, 0.4 },
  { "tb", K_CASUAL, M_WORD, 0.6 },
  { "absurdo", K_ANGER, M_WORD, 1.0 }, { "golpe", K_ANGER, M_PREFIX, 1.0 },
  { "ladrão", K_ANGER, M_WORD, 1.2 }, { "vergonha", K_ANGER, M_WORD, 1.0 },
  { "péssimo", K_ANGER, M_WORD, 1.0 }, { "palhaçada", K_ANGER, M_WORD, 1.0 },
  { "lixo", K_ANGER, M_WORD, 1.0 }, { "procon", K_ANGER, M_WORD, 0.8 },
  { "imediatamente", K_URGENCY, M_WORD, 0.6 }, { "dinheiro de volta", K_URGENCY, M_WORD, 0.6 },
  { "adorei", K_POSITIVE, M_WORD, 0.6 }, { "perfeito", K_POSITIVE, M_WORD, 0.6 },
  { "ótimo", K_POSITIVE, M_WORD, 0.6 }, { "amei", K_POSITIVE, M_WORD, 0.6 },

  /* Russian and Ukrainian */
  { "Вы", K_FORMAL, M_CASE, 1.0 }, { "Вас", K_FORMAL, M_CASE, 1.0 },
  { "Вам", K_FORMAL, M_CASE, 1.0 }, { "Ваш", K_FORMAL, M_CASE, 1.0 },
  { "Ваша", K_FORMAL, M_CASE, 1.0 }, { "Ваше", K_FORMAL, M_CASE, 1.0 },
  { "Вашу", K_FORMAL, M_CASE, 1.0 }, { "Ви", K_FORMAL, M_CASE, 1.0 },
  { "уважаем", K_FORMAL, M_PREFIX, 1.0 }, { "здравствуйте", K_FORMAL, M_WORD, 0.6 },
  { "с уважением", K_FORMAL, M_WORD, 1.0 }, { "будьте добры", K_FORMAL, M_WORD, 0.8 },
  { "благодарю", K_FORMAL, M_WORD, 0.6 }, { "добрый день", K_FORMAL, M_WORD, 0.3 },
  { "подскажите", K_FORMAL, M_WORD, 0.4 }, { "прошу", K_FORMAL, M_WORD, 0.4 },
  { "шановн", K_FORMAL, M_PREFIX, 1.0 }, { "з повагою", K_FORMAL, M_WORD, 1.0 },
  { "доброго дня", K_FORMAL, M_WORD, 0.6 },
  { "пожалуйста", K_POLITE, M_WORD, 0.5 }, { "спасибо", K_POLITE, M_WORD, 0.3 },
  { "будь ласка", K_POLITE, M_WORD, 0.5 }, { "дякую", K_POLITE, M_WORD, 0.3 },
  { "привет", K_CASUAL, M_WORD, 1.0 }, { "ты", K_CASUAL, M_WORD, 1.0 },
  { "тебя", K_CASUAL, M_WORD, 0.8 }, { "тебе", K_CASUAL, M_WORD, 0.8 },
  { "спс", K_CASUAL, M_WORD, 1.0 }, { "пжл", K_CASUAL, M_WORD, 0.8 },
  { "плз", K_CASUAL, M_WORD, 0.8 }, { "ок", K_CASUAL, M_WORD, 0.4 },
  { "норм", K_CASUAL, M_WORD, 0.8 }, { "чё", K_CASUAL, M_WORD, 0.8 },
  { "щас", K_CASUAL, M_WORD, 0.8 }, { "привіт", K_CASUAL, M_WORD, 1.0 },
  { "ти", K_CASUAL, M_WORD, 1.0 },
  { "безобразие", K_ANGER, M_WORD, 1.0 }, { "обман", K_ANGER, M_PREFIX, 1.0 },
  { "мошенник", K_ANGER, M_PREFIX, 1.2 }, { "развод", K_ANGER, M_WORD, 0.8 },
  { "ужас", K_ANGER, M_PREFIX, 0.8 }, { "кошмар", K_ANGER, M_WORD, 1.0 },
  { "позор", K_ANGER, M_WORD, 1.0 }, { "недопустимо", K_ANGER, M_WORD, 1.0 },
  { "жалоб", K_ANGER, M_PREFIX, 0.6 }, { "спор", K_ANGER, M_WORD, 0.5 },
  { "достали", K_ANGER, M_WORD, 1.0 }, { "неподобство", K_ANGER, M_WORD, 1.0 },
  { "шахра", K_ANGER, M_PREFIX, 1.2 }, { "жах", K_ANGER, M_PREFIX, 0.8 },
  { "скарг", K_ANGER, M_PREFIX, 0.6 },
  { "немедленно", K_URGENCY, M_WORD, 0.6 }, { "верните деньги", K_URGENCY, M_WORD, 0.6 },
  { "вернуть деньги", K_URGENCY, M_WORD, 0.6 }, { "полиц", K_URGENCY, M_PREFIX, 0.8 },
  { "возврат", K_URGENCY, M_PREFIX, 0.5 }, { "негайно", K_URGENCY, M_WORD, 0.6 },
  { "поверніть", K_URGENCY, M_WORD, 0.5 },
  { "отлично", K_POSITIVE, M_WORD, 0.6 }, { "супер", K_POSITIVE, M_WORD, 0.6 },
  { "в восторге", K_POSITIVE, M_WORD, 0.6 },

  /* Polish and Czech */
  { "Pan", K_FORMAL, M_CASE, 1.0 }, { "Pani", K_FORMAL, M_CASE, 1.0 },
  { "Panu", K_FORMAL, M_CASE, 1.0 }, { "Pana", K_FORMAL, M_CASE, 1.0 },
  { "Państwo", K_FORMAL, M_CASE, 1.0 }, { "Państwa", K_FORMAL, M_CASE, 1.0 },
  { "szanown", K_FORMAL, M_PREFIX, 1.0 }, { "z poważaniem", K_FORMAL, M_WORD, 1.0 },
  { "uprzejmie", K_FORMAL, M_WORD, 0.8 }, { "pozdrawiam", K_FORMAL, M_WORD, 0.6 },
  { "dzień dobry", K_FORMAL, M_WORD, 0.5 }, { "vážen", K_FORMAL, M_PREFIX, 1.0 },
  { "s pozdravem", K_FORMAL, M_WORD, 1.0 }, { "dobrý den", K_FORMAL, M_WORD, 0.5 },
  { "Vy", K_FORMAL, M_CASE, 1.0 }, { "Vám", K_FORMAL, M_CASE, 1.0 },
  { "proszę", K_POLITE, M_WORD, 0.5 }, { "dziękuję", K_POLITE, M_WORD, 0.3 },
  { "prosím", K_POLITE, M_WORD, 0.5 }, { "děkuji", K_POLITE, M_WORD, 0.3 },
  { "cześć", K_CASUAL, M_WORD, 1.0 }, { "siema", K_CASUAL, M_WORD, 1.0 },
  { "dzięki", K_CASUAL, M_WORD, 0.6 }, { "elo", K_CASUAL, M_WORD, 0.8 },
  { "hej", K_CASUAL, M_WORD, 0.6 }, { "ty", K_CASUAL, M_WORD, 0.8 },
  { "ahoj", K_CASUAL, M_PREFIX, 1.0 }, { "čau", K_CASUAL, M_WORD, 1.0 },
  { "díky", K_CASUAL, M_WORD, 0.6 },
  { "skandal", K_ANGER, M_PREFIX, 1.0 }, { "oszust", K_ANGER, M_PREFIX, 1.2 },
  { "złodziej", K_ANGER, M_PREFIX, 1.2 }, { "żenada", K_ANGER, M_WORD, 1.0 },
  { "beznadziejn", K_ANGER, M_PREFIX, 1.0 }, { "nepřijateln", K_ANGER, M_PREFIX, 1.0 },
  { "podvod", K_ANGER, M_PREFIX, 1.2 },
  { "natychmiast", K_URGENCY, M_WORD, 0.6 }, { "zwrot pieniędzy", K_URGENCY, M_WORD, 0.6 },
  { "policja", K_URGENCY, M_WORD, 0.8 }, { "reklamacj", K_URGENCY, M_PREFIX, 0.5 },
  { "okamžitě", K_URGENCY, M_WORD, 0.6 }, { "vraťte mi peníze", K_URGENCY, M_WORD, 0.6 },
  { "policie", K_URGENCY, M_WORD, 0.8 },

  /* Italian */
  { "gentile", K_FORMAL, M_WORD, 1.0 }, { "egregio", K_FORMAL, M_WORD, 1.0 },
  { "cordiali saluti", K_FORMAL, M_WORD, 1.0 }, { "distinti saluti", K_FORMAL, M_WORD, 1.0 },
  { "la ringrazio", K_FORMAL, M_WORD, 1.0 }, { "la pregherei", K_FORMAL, M_WORD, 1.0 },
  { "Lei", K_FORMAL, M_CASE, 1.0 }, { "vorrei", K_FORMAL, M_WORD, 0.4 },
  { "buongiorno", K_FORMAL, M_WORD, 0.3 }, { "buonasera", K_FORMAL, M_WORD, 0.3 },
  { "gentilmente", K_FORMAL, M_WORD, 0.8 }, { "potrebbe", K_FORMAL, M_WORD, 0.6 },
  { "per favore", K_POLITE, M_WORD, 0.5 }, { "grazie", K_POLITE, M_WORD, 0.3 },
  { "ciao", K_CASUAL, M_PREFIX, 0.8 }, { "raga", K_CASUAL, M_WORD, 0.8 },
  { "rimborsami", K_CASUAL, M_WORD, 0.6 },
  { "inaccettabile", K_ANGER, M_WORD, 1.0 }, { "truffa", K_ANGER, M_PREFIX, 1.0 },
  { "vergogn", K_ANGER, M_PREFIX, 1.0 }, { "schifo", K_ANGER, M_WORD, 1.0 },
  { "subito", K_URGENCY, M_WORD, 0.5 }, { "immediat", K_URGENCY, M_PREFIX, 0.6 },
  { "rimbors", K_URGENCY, M_PREFIX, 0.5 }, { "polizia", K_URGENCY, M_WORD, 0.8 },

  /* Dutch */
  { "geachte", K_FORMAL, M_WORD, 1.0 }, { "met vriendelijke groet", K_FORMAL, M_WORD, 1.0 },
  { "kunt u", K_FORMAL, M_WORD, 1.0 }, { "wilt u", K_FORMAL, M_WORD, 1.0 },
  { "heeft u", K_FORMAL, M_WORD, 1.0 }, { "uw", K_FORMAL, M_WORD, 1.0 },
  { "met vriendelijke groeten", K_FORMAL, M_WORD, 1.0 }, { "goedemiddag", K_FORMAL, M_WORD, 0.3 },
  { "goedemorgen", K_FORMAL, M_WORD, 0.3 }, { "is het mogelijk", K_FORMAL, M_WORD, 0.4 },
  { "alstublieft", K_POLITE, M_WORD, 0.5 }, { "bedankt", K_POLITE, M_WORD, 0.3 },
  { "hoi", K_CASUAL, M_WORD, 1.0 }, { "doei", K_CASUAL, M_WORD, 1.0 },
  { "jij", K_CASUAL, M_WORD, 0.8 }, { "ff", K_CASUAL, M_WORD, 0.6 },
  { "onacceptabel", K_ANGER, M_WORD, 1.0 }, { "oplicht", K_ANGER, M_PREFIX, 1.2 },
  { "schandalig", K_ANGER, M_WORD, 1.0 }, { "belachelijk", K_ANGER, M_WORD, 1.0 },
  { "geld terug", K_URGENCY, M_WORD, 0.6 }, { "onmiddellijk", K_URGENCY, M_WORD, 0.6 },
  { "politie", K_URGENCY, M_WORD, 0.8 },

  /* Swedish */
  { "med vänliga hälsningar", K_FORMAL, M_WORD, 1.0 },
  { "hejsan", K_CASUAL, M_WORD, 0.8 }, { "tjena", K_CASUAL, M_WORD, 1.0 },
  { "oacceptabelt", K_ANGER, M_WORD, 1.0 }, { "bedrag", K_ANGER, M_PREFIX, 1.2 },
  { "omedelbart", K_URGENCY, M_WORD, 0.6 }, { "pengarna tillbaka", K_URGENCY, M_WORD, 0.6 },
  { "polis", K_URGENCY, M_WORD, 0.8 },

  /* Turkish */
  { "sayın", K_FORMAL, M_WORD, 1.0 }, { "saygılarımla", K_FORMAL, M_WORD, 1.0 },
  { "siniz", K_FORMAL, M_SUFFIX, 0.8 }, { "teşekkür ederim", K_FORMAL, M_WORD, 0.6 },
  { "rica ederim", K_FORMAL, M_WORD, 0.6 }, { "iyi günler", K_FORMAL, M_WORD, 0.3 },
  { "mıdır", K_FORMAL, M_WORD, 0.5 }, { "teşekkürler", K_POLITE, M_WORD, 0.3 },
  { "lütfen", K_POLITE, M_WORD, 0.5 },
  { "slm", K_CASUAL, M_WORD, 1.0 }, { "kanka", K_CASUAL, M_WORD, 1.0 },
  { "tşk", K_CASUAL, M_WORD, 1.0 }, { "selam", K_CASUAL, M_WORD, 0.6 },
  { "kabul edilemez", K_ANGER, M_WORD, 1.0 }, { "dolandırıcı", K_ANGER, M_PREFIX, 1.2 },
  { "rezalet", K_ANGER, M_WORD, 1.0 }, { "berbat", K_ANGER, M_WORD, 1.0 },
  { "sahtekar", K_ANGER, M_PREFIX, 1.2 },
  { "hemen", K_URGENCY, M_WORD, 0.5 }, { "iade", K_URGENCY, M_WORD, 0.5 },
  { "şikayet", K_URGENCY, M_PREFIX, 0.6 },

  /* Hebrew */
  { "שלום רב", K_FORMAL, M_WORD, 1.0 }, { "בברכה", K_FORMAL, M_WORD, 1.0 },
  { "לכבוד", K_FORMAL, M_WORD, 1.0 }, { "אודה", K_FORMAL, M_PREFIX, 0.8 },
  { "בכבוד רב", K_FORMAL, M_WORD, 1.0 },
  { "אשמח", K_FORMAL, M_WORD, 0.6 },
  { "בבקשה", K_POLITE, M_WORD, 0.5 }, { "תודה", K_POLITE, M_WORD, 0.3 },
  { "תודה רבה", K_POLITE, M_WORD, 0.3 },
  { "היי", K_CASUAL, M_WORD, 1.0 }, { "אחי", K_CASUAL, M_WORD, 0.8 },
  { "יאללה", K_CASUAL, M_WORD, 0.8 }, { "סבבה", K_CASUAL, M_WORD, 0.8 },
  { "לא מקובל", K_ANGER, M_WORD, 1.0 }, { "רמאי", K_ANGER, M_PREFIX, 1.2 },
  { "בושה", K_ANGER, M_WORD, 1.0 }, { "גנב", K_ANGER, M_PREFIX, 1.2 },
  { "מיד", K_URGENCY, M_WORD, 0.5 }, { "משטרה", K_URGENCY, M_WORD, 0.8 },
  { "את הכסף", K_URGENCY, M_WORD, 0.4 },

  /* Arabic */
  { "السلام عليكم", K_FORMAL, M_WORD, 1.0 }, { "عزيزي", K_FORMAL, M_WORD, 1.0 },
  { "تحياتي", K_FORMAL, M_WORD, 0.8 }, { "مع خالص التحية", K_FORMAL, M_WORD, 1.0 },
  { "حضرتك", K_FORMAL, M_WORD, 1.0 }, { "جزيلا", K_FORMAL, M_WORD, 0.5 },
  { "يمكنكم", K_FORMAL, M_WORD, 0.5 }, { "مساء الخير", K_FORMAL, M_WORD, 0.3 },
  { "صباح الخير", K_FORMAL, M_WORD, 0.3 }, { "أرجو", K_FORMAL, M_WORD, 0.6 },
  { "مع الشكر", K_FORMAL, M_WORD, 0.6 },
  { "من فضلك", K_POLITE, M_WORD, 0.5 }, { "لو سمحت", K_POLITE, M_WORD, 0.5 },
  { "شكرا", K_POLITE, M_WORD, 0.3 },
  { "هلا", K_CASUAL, M_WORD, 0.8 }, { "ههه", K_CASUAL, M_PREFIX, 1.0 },
  { "حبيبي", K_CASUAL, M_WORD, 0.8 },
  { "غير مقبول", K_ANGER, M_WORD, 1.0 }, { "نصاب", K_ANGER, M_PREFIX, 1.2 },
  { "احتيال", K_ANGER, M_WORD, 1.0 }, { "مهزلة", K_ANGER, M_WORD, 1.0 },
  { "حرامي", K_ANGER, M_PREFIX, 1.2 },
  { "فورا", K_URGENCY, M_WORD, 0.6 }, { "الشرطة", K_URGENCY, M_WORD, 0.8 },
  { "استرداد", K_URGENCY, M_WORD, 0.5 }, { "فلوسي", K_URGENCY, M_WORD, 0.4 },

  /* Korean */
  { "요", K_FORMAL, M_SUFFIX, 0.6 }, { "니다", K_FORMAL, M_SUFFIX, 1.0 },
  { "님", K_FORMAL, M_SUFFIX, 0.8 },
  { "ㅋㅋ", K_CASUAL, M_SUB, 1.0 }, { "ㅎㅎ", K_CASUAL, M_SUB, 1.0 },
  { "고마워", K_CASUAL, M_WORD, 1.0 },
  { "사기", K_ANGER, M_SUB, 1.0 }, { "최악", K_ANGER, M_SUB, 1.0 },
  { "너무하", K_ANGER, M_SUB, 0.8 }, { "화가", K_ANGER, M_SUB, 0.8 },
  { "짜증", K_ANGER, M_SUB, 0.8 },
  { "환불", K_URGENCY, M_SUB, 0.5 }, { "당장", K_URGENCY, M_SUB, 0.6 },
  { "경찰", K_URGENCY, M_SUB, 0.8 }, { "신고", K_URGENCY, M_SUB, 0.6 },

  /* Japanese */
  { "です", K_FORMAL, M_SUB, 0.6 }, { "ます", K_FORMAL, M_SUB, 0.6 },
  { "ました", K_FORMAL, M_SUB, 0.6 }, { "でした", K_FORMAL, M_SUB, 0.6 },
  { "ください", K_FORMAL, M_SUB, 0.6 }, { "お願い", K_FORMAL, M_SUB, 0.6 },
  { "様", K_FORMAL, M_SUB, 0.8 }, { "いたします", K_FORMAL, M_SUB, 1.0 },
  { "ございま", K_FORMAL, M_SUB, 1.0 }, { "おります", K_FORMAL, M_SUB, 1.0 },
  { "よー", K_CASUAL, M_SUB, 0.8 }, { "じゃん", K_CASUAL, M_SUB, 0.8 },
  { "ありがと", K_CASUAL, M_SUB, 0.6 }, { "笑", K_CASUAL, M_SUB, 0.6 },
  { "詐欺", K_ANGER, M_SUB, 1.0 }, { "最悪", K_ANGER, M_SUB, 1.0 },
  { "ひどい", K_ANGER, M_SUB, 0.8 }, { "許せ", K_ANGER, M_SUB, 1.0 },
  { "ふざけ", K_ANGER, M_SUB, 1.0 },
  { "返金", K_URGENCY, M_SUB, 0.5 }, { "すぐに", K_URGENCY, M_SUB, 0.5 },
  { "警察", K_URGENCY, M_SUB, 0.8 },
};

/* Emoji that say something about the mood. */
static const gunichar angry_emoji[] = { 0x1F621, 0x1F620, 0x1F92C, 0x1F44E, 0x1F624, 0x1F4A2 };
static const gunichar happy_emoji[] = { 0x1F60D, 0x1F60A, 0x1F642, 0x1F44D, 0x1F495, 0x2764,
                                        0x1F970, 0x1F601, 0x1F600, 0x1F604, 0x1F64F };
static const char * const emoticons[] = { ":)", ":-)", ":(", ":-(", ":D", ";)", "xD", "XD",
                                          "<3", ":P", ":p", ")))" };

/* Weights of the cues that are not words, and the decision points on each axis. */
#define VERBOSE_WORDS       20.0   /* words per message from which a buyer is verbose */
#define FORMAL_POINT        0.5
#define UPSET_POINT         0.8
#define EMOJI_CASUAL        0.4
#define TILDE_CASUAL        0.4
#define SHOUTING            0.8
#define EXCLAMATION_RUN     0.6
#define QUESTION_RUN        0.3
#define INTERROBANG         0.6
#define POLITE_TO_FORMAL    0.6
#define MAX_HITS_PER_MARKER 2

struct _RpStyle
{
  GObject          parent_instance;

  RpStyleFeatures  features;
  double           scores[RP_STYLE_N_AXES];
  double           register_raw;
  double           mood_raw;
};

G_DEFINE_FINAL_TYPE (RpStyle, rp_style, G_TYPE_OBJECT)

static void
rp_style_class_init (RpStyleClass *klass)
{
}

static void
rp_style_init (RpStyle *self)
{
}

typedef struct
{
  double formal, polite, casual, anger, urgency, positive;
} Tally;

static char *normalized_keys[G_N_ELEMENTS (markers)];

static void
ensure_keys (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
        normalized_keys[i] = markers[i].match == M_CASE
                             ? g_strdup (markers[i].key)
                             : rp_buyer_zone_normalize_name (markers[i].key);
      g_once_init_leave (&done, 1);
    }
}

static gboolean
is_cjk (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x3040 && c <= 0x30FF) || (c >= 0xF900 && c <= 0xFAFF);
}

static gboolean
is_emoji (gunichar c)
{
  return (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
         (c >= 0x1F1E6 && c <= 0x1F1FF);
}

/* How often @key occurs in @padded (" normalised text ") the way @match says. */
static guint
count_hits (const char *padded,
            const char *key,
            Match       match)
{
  g_autofree char *needle = NULL;
  guint hits = 0;

  switch (match)
    {
    case M_WORD:
      needle = g_strconcat (" ", key, " ", NULL);
      break;
    case M_PREFIX:
      needle = g_strconcat (" ", key, NULL);
      break;
    case M_SUFFIX:
      needle = g_strconcat (key, " ", NULL);
      break;
    case M_SUB:
      needle = g_strdup (key);
      break;
    case M_CASE:
    default:
      g_assert_not_reached ();
    }

  if (needle[0] == '\0' || g_str_equal (needle, " ") || g_str_equal (needle, "  "))
    return 0;

  for (const char *p = strstr (padded, needle); p != NULL && hits < MAX_HITS_PER_MARKER;
       p = strstr (p + 1, needle))
    {
      /* A suffix must end a word that has something before it. */
      if (match == M_SUFFIX && (p == padded || p[-1] == ' '))
        continue;
      hits++;
    }

  return hits;
}

/* Capitalised words that are formal only inside a sentence: "wann versenden Sie". */
static guint
count_case_hits (const char *text,
                 const char *word)
{
  gsize len = strlen (word);
  guint hits = 0;

  for (const char *p = strstr (text, word); p != NULL && hits < MAX_HITS_PER_MARKER;
       p = strstr (p + 1, word))
    {
      const char *before = p;
      gunichar after = g_utf8_get_char (p + len);
      gboolean sentence_start = TRUE;

      if (p != text && g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (p))))
        continue;
      if (g_unichar_isalnum (after))
        continue;

      /* Look back past spaces and quotes for the end of a sentence. */
      while (before > text)
        {
          gunichar c;

          before = g_utf8_prev_char (before);
          c = g_utf8_get_char (before);
          if (g_unichar_isspace (c) || c == '"' || c == 0x00AB || c == 0x201E)
            continue;
          sentence_start = (c == '.' || c == '!' || c == '?' || c == 0x3002);
          break;
        }

      if (!sentence_start)
        hits++;
    }

  return hits;
}

typedef struct
{
  double words;
  double chars;
  guint  exclamations;
  guint  questions;
  guint  caps_words;
  guint  emoji;
  gboolean exclamation_run;
  gboolean question_run;
  gboolean interrobang;
  guint  tildes;
  guint  angry_emoji;
  guint  happy_emoji;
} Surface;

static void
read_surface (const char *text,
              Surface    *s)
{
  guint run_excl = 0, run_q = 0;
  gunichar prev = 0;
  guint word_letters = 0, word_upper = 0, word_cjk = 0;
  gboolean in_word = FALSE;

  memset (s, 0, sizeof *s);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean word_char = c != 0 && (g_unichar_isalnum (c) || c == '\'' ||
                                      g_unichar_type (c) == G_UNICODE_SPACING_MARK ||
                                      g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK);

      if (word_char && !in_word)
        {
          in_word = TRUE;
          word_letters = word_upper = word_cjk = 0;
        }

      if (word_char)
        {
          if (is_cjk (c))
            word_cjk++;
          if (g_unichar_isalpha (c))
            {
              word_letters++;
              if (g_unichar_isupper (c))
                word_upper++;
            }
        }
      else if (in_word)
        {
          in_word = FALSE;
          /* Japanese and Chinese run words together: two characters make about a word. */
          s->words += word_cjk > 0 ? MAX (1.0, word_cjk / 2.0) : 1.0;
          if (word_letters >= 4 && word_upper == word_letters && word_cjk == 0)
            s->caps_words++;
        }

      if (c == 0)
        break;

      s->chars++;
      if (c == '!' || c == 0xFF01 || c == 0x00A1)
        {
          s->exclamations++;
          if (++run_excl >= 2)
            s->exclamation_run = TRUE;
        }
      else
        run_excl = 0;

      if (c == '?' || c == 0xFF1F || c == 0x00BF)
        {
          s->questions++;
          if (++run_q >= 2)
            s->question_run = TRUE;
        }
      else
        run_q = 0;

      if (c == '~' || c == 0xFF5E)
        s->tildes++;

      /* "?!" and "!?": disbelief. */
      if (((c == '!' || c == 0xFF01) && (prev == '?' || prev == 0xFF1F)) ||
          ((c == '?' || c == 0xFF1F) && (prev == '!' || prev == 0xFF01)))
        s->interrobang = TRUE;
      prev = c;

      if (is_emoji (c))
        {
          s->emoji++;
          for (guint i = 0; i < G_N_ELEMENTS (angry_emoji); i++)
            s->angry_emoji += (c == angry_emoji[i]);
          for (guint i = 0; i < G_N_ELEMENTS (happy_emoji); i++)
            s->happy_emoji += (c == happy_emoji[i]);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (emoticons); i++)
    {
      for (const char *p = strstr (text, emoticons[i]); p != NULL; p = strstr (p + 1, emoticons[i]))
        {
          s->emoji++;
          if (emoticons[i][1] != '(' && emoticons[i][2] != '(')
            s->happy_emoji++;
          /* ")))" would count again for "))))"; once per run is enough. */
          if (g_str_equal (emoticons[i], ")))"))
            {
              while (*p == ')')
                p++;
              if (*p == '\0')
                break;
            }
        }
    }
}

static void
read_markers (const char *text,
              Tally      *t)
{
  g_autofree char *norm = rp_buyer_zone_normalize_name (text);
  g_autofree char *padded = g_strconcat (" ", norm, " ", NULL);

  memset (t, 0, sizeof *t);

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      const Marker *m = &markers[i];
      guint hits = m->match == M_CASE ? count_case_hits (text, normalized_keys[i])
                                      : count_hits (padded, normalized_keys[i], m->match);
      double w = hits * m->weight;

      if (hits == 0)
        continue;

      switch (m->kind)
        {
        case K_FORMAL: t->formal += w; break;
        case K_POLITE: t->polite += w; break;
        case K_CASUAL: t->casual += w; break;
        case K_ANGER: t->anger += w; break;
        case K_URGENCY: t->urgency += w; break;
        case K_POSITIVE: t->positive += w; break;
        default: g_assert_not_reached ();
        }
    }
}

RpStyle *
rp_style_new_from_messages (const char * const *messages)
{
  RpStyle *self = g_object_new (RP_TYPE_STYLE, NULL);
  RpStyleFeatures *f = &self->features;
  double register_sum = 0.0;
  double mood_sum = 0.0;
  double mood_max = 0.0;
  double wpm;

  ensure_keys ();

  for (guint i = 0; messages != NULL && messages[i] != NULL; i++)
    {
      g_autofree char *text = NULL;
      const char *end = NULL;
      Surface s;
      Tally t;
      double reg, mood;

      if (!g_utf8_validate (messages[i], -1, &end))
        {
          /* Too long is fine (cut below); broken encoding is not text we can read. */
          if (end - messages[i] < RP_STYLE_MAX_MESSAGE_BYTES)
            {
              f->n_rejected++;
              continue;
            }
        }

      text = g_utf8_make_valid (messages[i], MIN (strlen (messages[i]),
                                                  RP_STYLE_MAX_MESSAGE_BYTES));
      /* A cut in the middle of a character shows up as U+FFFD; harmless here. */
      if (text[0] == '\0')
        continue;

      read_surface (text, &s);
      read_markers (text, &t);

      reg = t.formal + POLITE_TO_FORMAL * t.polite - t.casual -
            EMOJI_CASUAL * MIN (s.emoji, 2) - TILDE_CASUAL * MIN (s.tildes, 1);
      mood = t.anger + t.urgency - t.positive + 0.8 * s.angry_emoji -
             0.4 * MIN (s.happy_emoji, 2);
      if (s.exclamation_run)
        mood += EXCLAMATION_RUN;
      if (s.question_run)
        mood += QUESTION_RUN;
      if (s.interrobang)
        mood += INTERROBANG;
      if (s.caps_words >= 2 && s.caps_words * 4 >= s.words)
        mood += SHOUTING;

      f->n_messages++;
      f->words_per_message += s.words;
      f->chars_per_message += s.chars;
      f->exclamations_per_message += s.exclamations;
      f->questions_per_message += s.questions;
      f->caps_ratio += s.words > 0 ? s.caps_words / s.words : 0.0;
      f->emoji_per_message += s.emoji;
      f->politeness += t.polite;
      f->formal_markers += t.formal;
      f->casual_markers += t.casual;
      f->anger_markers += t.anger;
      f->urgency_markers += t.urgency;
      f->positive_markers += t.positive;

      register_sum += reg;
      mood_sum += mood;
      mood_max = MAX (mood_max, mood);
    }

  if (f->n_messages == 0)
    return self;

  f->words_per_message /= f->n_messages;
  f->chars_per_message /= f->n_messages;
  f->exclamations_per_message /= f->n_messages;
  f->questions_per_message /= f->n_messages;
  f->caps_ratio /= f->n_messages;
  f->emoji_per_message /= f->n_messages;
  f->politeness /= f->n_messages;
  f->formal_markers /= f->n_messages;
  f->casual_markers /= f->n_messages;
  f->anger_markers /= f->n_messages;
  f->urgency_markers /= f->n_messages;
  f->positive_markers /= f->n_messages;

  /* One angry message among calm ones still colours the conversation. */
  self->register_raw = register_sum / f->n_messages;
  self->mood_raw = MAX (mood_sum / f->n_messages, 0.8 * mood_max);

  wpm = MAX (f->words_per_message, 1.0);
  self->scores[RP_STYLE_AXIS_LENGTH] = CLAMP (log2 (wpm / VERBOSE_WORDS) / 1.5, -1.0, 1.0);
  self->scores[RP_STYLE_AXIS_REGISTER] = tanh (self->register_raw - FORMAL_POINT);
  self->scores[RP_STYLE_AXIS_MOOD] = tanh (self->mood_raw - UPSET_POINT);

  return self;
}

const RpStyleFeatures *
rp_style_get_features (RpStyle *self)
{
  g_return_val_if_fail (RP_IS_STYLE (self), NULL);

  return &self->features;
}

double
rp_style_get_score (RpStyle     *self,
                    RpStyleAxis  axis)
{
  g_return_val_if_fail (RP_IS_STYLE (self), 0.0);
  g_return_val_if_fail (axis < RP_STYLE_N_AXES, 0.0);

  return self->scores[axis];
}

RpStyleLength
rp_style_get_length (RpStyle *self)
{
  g_return_val_if_fail (RP_IS_STYLE (self), RP_STYLE_CONCISE);

  if (self->features.n_messages == 0)
    return RP_STYLE_CONCISE;

  return self->scores[RP_STYLE_AXIS_LENGTH] >= 0.0 ? RP_STYLE_VERBOSE : RP_STYLE_CONCISE;
}

RpStyleRegister
rp_style_get_register (RpStyle *self)
{
  g_return_val_if_fail (RP_IS_STYLE (self), RP_STYLE_CASUAL);

  if (self->features.n_messages == 0)
    return RP_STYLE_CASUAL;

  return self->scores[RP_STYLE_AXIS_REGISTER] >= 0.0 ? RP_STYLE_FORMAL : RP_STYLE_CASUAL;
}

RpStyleMood
rp_style_get_mood (RpStyle *self)
{
  g_return_val_if_fail (RP_IS_STYLE (self), RP_STYLE_CALM);

  if (self->features.n_messages == 0)
    return RP_STYLE_CALM;

  return self->scores[RP_STYLE_AXIS_MOOD] >= 0.0 ? RP_STYLE_UPSET : RP_STYLE_CALM;
}

char *
rp_style_get_summary (RpStyle *self)
{
  const char *length, *reg, *mood;

  g_return_val_if_fail (RP_IS_STYLE (self), NULL);

  if (self->features.n_messages == 0)
    return g_strdup (_("Not enough messages to read"));

  length = rp_style_get_length (self) == RP_STYLE_VERBOSE ? _("verbose") : _("concise");
  reg = rp_style_get_register (self) == RP_STYLE_FORMAL ? _("formal") : _("casual");
  mood = rp_style_get_mood (self) == RP_STYLE_UPSET ? _("upset") : _("calm");

  /* Translators: the buyer's writing style, e.g. "concise, formal, upset" */
  return g_strdup_printf (_("%s, %s, %s"), length, reg, mood);
}

GStrv
rp_style_get_advice (RpStyle *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const RpStyleFeatures *f;
  gboolean upset, formal, verbose;

  g_return_val_if_fail (RP_IS_STYLE (self), NULL);

  f = &self->features;
  if (f->n_messages == 0)
    {
      g_strv_builder_add (builder, _("Not enough messages yet: write politely and clearly, "
                                     "in the buyer's language."));
      return g_strv_builder_end (builder);
    }

  upset = rp_style_get_mood (self) == RP_STYLE_UPSET;
  formal = rp_style_get_register (self) == RP_STYLE_FORMAL;
  verbose = rp_style_get_length (self) == RP_STYLE_VERBOSE;

  if (upset && formal)
    g_strv_builder_add (builder, _("Apologise first, keep it short and formal, give a concrete "
                                   "next step and a date."));
  else if (upset)
    g_strv_builder_add (builder, _("Apologise first, keep it short and human, give a concrete "
                                   "next step and a date; no jokes, no emoji."));

  if (upset && f->urgency_markers >= 0.5)
    g_strv_builder_add (builder, _("They mention a refund, a complaint or the police: say "
                                   "plainly what you can offer today, without arguing."));
  if (upset && verbose)
    g_strv_builder_add (builder, _("Acknowledge each complaint they listed before giving "
                                   "your solution."));

  if (!upset && formal)
    g_strv_builder_add (builder, _("Match their courtesy: a formal greeting and closing, and "
                                   "the polite form of address (vous, Sie, usted, Вы)."));
  else if (!upset)
    g_strv_builder_add (builder, _("A friendly, simple tone is fine; mirror their greeting and "
                                   "keep it clear."));

  if (!upset && verbose)
    g_strv_builder_add (builder, _("Answer every point they raised, in order; a complete, warm "
                                   "reply is appreciated."));
  else if (!verbose)
    g_strv_builder_add (builder, _("Keep your answer to two or three short sentences, the "
                                   "answer first."));

  if (f->questions_per_message >= 1.5)
    g_strv_builder_add (builder, _("They ask several questions: answer each one explicitly."));

  return g_strv_builder_end (builder);
}

const char *
rp_style_axis_label (RpStyleAxis axis,
                     int         value)
{
  switch (axis)
    {
    case RP_STYLE_AXIS_LENGTH:
      return value == RP_STYLE_VERBOSE ? "verbose" : "concise";
    case RP_STYLE_AXIS_REGISTER:
      return value == RP_STYLE_FORMAL ? "formal" : "casual";
    case RP_STYLE_AXIS_MOOD:
      return value == RP_STYLE_UPSET ? "upset" : "calm";
    case RP_STYLE_N_AXES:
    default:
      g_return_val_if_reached (NULL);
    }
}
