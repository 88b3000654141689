/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-json"

#include "config.h"

#include <string.h>

#include "rp-json.h"

/* One pass over the text: values go to a scratch stack while their container is open and
 * are copied into the document's memory, contiguous, when it closes, so that a document is
 * a few large blocks however many values it holds, and freeing it is freeing those. */

G_DEFINE_QUARK (rp-json-error-quark, rp_json_error)

#define BLOCK_MIN_SIZE 4096

typedef struct _Block Block;

struct _Block
{
  Block *next;
  gsize  size;
  gsize  used;
  /* the block's memory follows, aligned as a pointer or a double is */
  union
  {
    double   d;
    gpointer p;
    gint64   i;
  } data[];
};

struct _RpJsonDoc
{
  Block      *blocks;
  RpJsonNode  root;
};

typedef struct
{
  RpJsonDoc  *doc;
  const char *start;
  const char *p;
  const char *end;
  guint       depth;
  guint       max_depth;
  GArray     *stack;          /* of RpJsonMember: the open containers' values */
  GError    **error;
} Parser;

static gpointer
doc_alloc (RpJsonDoc *doc,
           gsize      size)
{
  Block *block = doc->blocks;
  gpointer memory;

  size = (size + 7) & ~(gsize)7;

  if (block == NULL || block->size - block->used < size)
    {
      gsize block_size = MAX (size, block != NULL ? block->size * 2 : BLOCK_MIN_SIZE);

      block = g_malloc (sizeof (Block) + block_size);
      block->next = doc->blocks;
      block->size = block_size;
      block->used = 0;
      doc->blocks = block;
    }

  memory = (char *)block->data + block->used;
  block->used += size;
  return memory;
}

static gboolean
fail (Parser     *parser,
      RpJsonError code,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

/* Lines and columns are counted only when there is an error to place. */
static gboolean
fail (Parser     *parser,
      RpJsonError code,
      const char *format,
      ...)
{
  g_autofree char *text = NULL;
  guint line = 1, column = 1;
  va_list args;

  if (parser->error == NULL || *parser->error != NULL)
    return FALSE;

  for (const char *q = parser->start; q < parser->p && q < parser->end; q++)
    {
      if (*q == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar)*q & 0xc0) != 0x80)
        column++;
    }

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (parser->error, RP_JSON_ERROR, code, "line %u, column %u: %s", line, column, text);
  return FALSE;
}

static inline void
skip_space (Parser *parser)
{
  const char *p = parser->p;

  while (p < parser->end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  parser->p = p;
}

static gboolean
read_hex4 (Parser   *parser,
           gunichar *out)
{
  gunichar value = 0;

  if (parser->end - parser->p < 4)
    return fail (parser, RP_JSON_ERROR_SYNTAX, "a \\u escape is cut short");

  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (parser->p[i]);

      if (digit < 0)
        return fail (parser, RP_JSON_ERROR_SYNTAX, "a \\u escape needs four hexadecimal digits");
      value = value * 16 + (gunichar)digit;
    }

  parser->p += 4;
  *out = value;
  return TRUE;
}

/* A surrogate left alone is written as its three bytes, which are not UTF-8: the readers
 * of the document check text where they take it, and say which field was wrong. */
static inline char *
put_char (char     *out,
          gunichar  c)
{
  if (c < 0x80)
    *out++ = (char)c;
  else if (c < 0x800)
    {
      *out++ = (char)(0xc0 | (c >> 6));
      *out++ = (char)(0x80 | (c & 0x3f));
    }
  else if (c < 0x10000)
    {
      *out++ = (char)(0xe0 | (c >> 12));
      *out++ = (char)(0x80 | ((c >> 6) & 0x3f));
      *out++ = (char)(0x80 | (c & 0x3f));
    }
  else
    {
      *out++ = (char)(0xf0 | (c >> 18));
      *out++ = (char)(0x80 | ((c >> 12) & 0x3f));
      *out++ = (char)(0x80 | ((c >> 6) & 0x3f));
      *out++ = (char)(0x80 | (c & 0x3f));
    }

  return out;
}

/* At the opening quote.  The decoded text is never longer than the quoted one, so it is
 * written straight into the document. */
static gboolean
parse_string (Parser      *parser,
              const char **out,
              guint       *out_length)
{
  const char *p = parser->p + 1;
  const char *end = parser->end;
  const char *run;
  char *text, *q;

  run = p;
  while (p < end && *p != '"' && *p != '\\')
    p++;
  if (p >= end)
    {
      parser->p = end;
      return fail (parser, RP_JSON_ERROR_SYNTAX, "a string is not closed");
    }

  if (*p == '"')
    {
      /* No escapes: one copy. */
      gsize length = (gsize)(p - run);

      if (length > G_MAXUINT - 1)
        return fail (parser, RP_JSON_ERROR_SYNTAX, "a string is too long");
      text = doc_alloc (parser->doc, length + 1);
      memcpy (text, run, length);
      text[length] = '\0';
      parser->p = p + 1;
      *out = text;
      *out_length = (guint)length;
      return TRUE;
    }

  /* Escapes: find the end first, then decode into a block of the quoted length. */
  while (p < end && *p != '"')
    {
      if (*p == '\\')
        p++;
      p++;
    }
  if (p >= end)
    {
      parser->p = end;
      return fail (parser, RP_JSON_ERROR_SYNTAX, "a string is not closed");
    }
  if ((gsize)(p - run) > G_MAXUINT - 1)
    return fail (parser, RP_JSON_ERROR_SYNTAX, "a string is too long");

  text = q = doc_alloc (parser->doc, (gsize)(p - run) + 1);
  end = p;
  parser->p = run;

  while (parser->p < end)
    {
      char c = *parser->p;

      if (c != '\\')
        {
          *q++ = c;
          parser->p++;
          continue;
        }

      parser->p++;
      c = *parser->p++;
      switch (c)
        {
        case '"':
        case '\\':
        case '/':
          *q++ = c;
          break;
        case 'b':
          *q++ = '\b';
          break;
        case 'f':
          *q++ = '\f';
          break;
        case 'n':
          *q++ = '\n';
          break;
        case 'r':
          *q++ = '\r';
          break;
        case 't':
          *q++ = '\t';
          break;
        case 'u':
          {
            gunichar c1, c2;

            if (!read_hex4 (parser, &c1))
              return FALSE;
            if (c1 >= 0xd800 && c1 <= 0xdbff && end - parser->p >= 6 &&
                parser->p[0] == '\\' && parser->p[1] == 'u')
              {
                const char *before = parser->p;

                parser->p += 2;
                if (!read_hex4 (parser, &c2))
                  return FALSE;
                if (c2 >= 0xdc00 && c2 <= 0xdfff)
                  c1 = 0x10000 + ((c1 - 0xd800) << 10) + (c2 - 0xdc00);
                else
                  parser->p = before;  /* a lone high surrogate; the next escape on its own */
              }
            q = put_char (q, c1);
          }
          break;
        default:
          parser->p--;
          return fail (parser, RP_JSON_ERROR_SYNTAX, "“\\%c” is not an escape JSON has",
                       g_ascii_isprint (c) ? c : '?');
        }
    }

  *q = '\0';
  parser->p = end + 1;
  *out = text;
  *out_length = (guint)(q - text);
  return TRUE;
}

static gboolean
parse_number (Parser     *parser,
              RpJsonNode *node)
{
  const char *p = parser->p;
  const char *begin = p;
  const char *end = parser->end;
  gboolean negative = FALSE;
  gboolean is_integer = TRUE;
  gboolean overflow = FALSE;
  guint64 value = 0;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  if (p >= end || !g_ascii_isdigit (*p))
    return fail (parser, RP_JSON_ERROR_SYNTAX, "a number has no digits");
  if (*p == '0' && p + 1 < end && g_ascii_isdigit (p[1]))
    return fail (parser, RP_JSON_ERROR_SYNTAX, "a number begins with 0");

  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      guint digit = (guint)(*p - '0');

      if (value > (G_MAXUINT64 - digit) / 10)
        overflow = TRUE;
      else
        value = value * 10 + digit;
    }

  if (p < end && *p == '.')
    {
      is_integer = FALSE;
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        {
          parser->p = p;
          return fail (parser, RP_JSON_ERROR_SYNTAX, "a number has no digits after its point");
        }
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      is_integer = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        {
          parser->p = p;
          return fail (parser, RP_JSON_ERROR_SYNTAX, "a number has no digits in its exponent");
        }
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  parser->p = p;

  if (is_integer && !overflow &&
      value <= (negative ? (guint64)G_MAXINT64 + 1 : (guint64)G_MAXINT64))
    {
      node->type = RP_JSON_INTEGER;
      node->v.integer = negative ? (gint64)(0 - value) : (gint64)value;
      return TRUE;
    }

  /* A fraction, an exponent, or an integer too large for 64 bits. */
  {
    gsize length = (gsize)(p - begin);
    char small[64];
    g_autofree char *large = NULL;
    char *copy = small;

    if (length >= sizeof small)
      copy = large = g_malloc (length + 1);
    memcpy (copy, begin, length);
    copy[length] = '\0';
    node->type = RP_JSON_DOUBLE;
    node->v.number = g_ascii_strtod (copy, NULL);
  }
  return TRUE;
}

static gboolean
parse_literal (Parser     *parser,
               const char *word,
               gsize       length)
{
  if ((gsize)(parser->end - parser->p) < length || memcmp (parser->p, word, length) != 0)
    return fail (parser, RP_JSON_ERROR_SYNTAX, "unexpected text");

  parser->p += length;
  return TRUE;
}

static gboolean parse_value (Parser     *parser,
                             RpJsonNode *node);

static gboolean
enter (Parser *parser)
{
  if (++parser->depth > parser->max_depth)
    return fail (parser, RP_JSON_ERROR_TOO_DEEP, "nested more than %u levels deep",
                 parser->max_depth);
  parser->p++;
  return TRUE;
}

/* Moves the open container's values from the stack into the document. */
static gpointer
close_container (Parser *parser,
                 guint   first,
                 gsize   item_size,
                 gsize   offset)
{
  guint n = parser->stack->len - first;
  char *items;

  if (n == 0)
    return NULL;

  items = doc_alloc (parser->doc, n * item_size);
  if (item_size == sizeof (RpJsonMember))
    memcpy (items, &g_array_index (parser->stack, RpJsonMember, first), n * item_size);
  else
    for (guint i = 0; i < n; i++)
      memcpy (items + i * item_size,
              (char *)&g_array_index (parser->stack, RpJsonMember, first + i) + offset,
              item_size);

  g_array_set_size (parser->stack, first);
  return items;
}

static gboolean
parse_array (Parser     *parser,
             RpJsonNode *node)
{
  guint first = parser->stack->len;

  if (!enter (parser))
    return FALSE;

  skip_space (parser);
  if (parser->p < parser->end && *parser->p == ']')
    parser->p++;
  else
    for (;;)
      {
        RpJsonMember item = { NULL, };

        /* Read first, then pushed: the stack grows while the value is read. */
        if (!parse_value (parser, &item.value))
          return FALSE;
        if (parser->stack->len - first >= G_MAXINT32)
          return fail (parser, RP_JSON_ERROR_SYNTAX, "an array is too long");
        g_array_append_val (parser->stack, item);

        skip_space (parser);
        if (parser->p < parser->end && *parser->p == ',')
          {
            parser->p++;
            continue;
          }
        if (parser->p < parser->end && *parser->p == ']')
          {
            parser->p++;
            break;
          }
        return fail (parser, RP_JSON_ERROR_SYNTAX,
                     parser->p < parser->end ? "expected “,” or “]”" : "an array is not closed");
      }

  node->type = RP_JSON_ARRAY;
  node->length = parser->stack->len - first;
  node->v.elements = close_container (parser, first, sizeof (RpJsonNode),
                                      G_STRUCT_OFFSET (RpJsonMember, value));
  parser->depth--;
  return TRUE;
}

static gboolean
parse_object (Parser     *parser,
              RpJsonNode *node)
{
  guint first = parser->stack->len;

  if (!enter (parser))
    return FALSE;

  skip_space (parser);
  if (parser->p < parser->end && *parser->p == '}')
    parser->p++;
  else
    for (;;)
      {
        RpJsonMember member;
        guint name_length;

        skip_space (parser);
        if (parser->p >= parser->end || *parser->p != '"')
          return fail (parser, RP_JSON_ERROR_SYNTAX,
                       parser->p < parser->end ? "expected a member name" : "an object is not closed");
        if (!parse_string (parser, &member.name, &name_length))
          return FALSE;

        skip_space (parser);
        if (parser->p >= parser->end || *parser->p != ':')
          return fail (parser, RP_JSON_ERROR_SYNTAX, "expected “:” after a member name");
        parser->p++;

        if (!parse_value (parser, &member.value))
          return FALSE;
        if (parser->stack->len - first >= G_MAXINT32)
          return fail (parser, RP_JSON_ERROR_SYNTAX, "an object is too long");
        g_array_append_val (parser->stack, member);

        skip_space (parser);
        if (parser->p < parser->end && *parser->p == ',')
          {
            parser->p++;
            continue;
          }
        if (parser->p < parser->end && *parser->p == '}')
          {
            parser->p++;
            break;
          }
        return fail (parser, RP_JSON_ERROR_SYNTAX,
                     parser->p < parser->end ? "expected “,” or “}”" : "an object is not closed");
      }

  node->type = RP_JSON_OBJECT;
  node->length = parser->stack->len - first;
  node->v.members = close_container (parser, first, sizeof (RpJsonMember), 0);
  parser->depth--;
  return TRUE;
}

static gboolean
parse_value (Parser     *parser,
             RpJsonNode *node)
{
  RpJsonNode value = { 0, };

  skip_space (parser);
  if (parser->p >= parser->end)
    return fail (parser, RP_JSON_ERROR_SYNTAX, "a value is missing at the end");

  switch (*parser->p)
    {
    case '{':
      if (!parse_object (parser, &value))
        return FALSE;
      break;
    case '[':
      if (!parse_array (parser, &value))
        return FALSE;
      break;
    case '"':
      value.type = RP_JSON_STRING;
      if (!parse_string (parser, &value.v.string, &value.length))
        return FALSE;
      break;
    case 't':
      if (!parse_literal (parser, "true", 4))
        return FALSE;
      value.type = RP_JSON_BOOLEAN;
      value.v.boolean = TRUE;
      break;
    case 'f':
      if (!parse_literal (parser, "false", 5))
        return FALSE;
      value.type = RP_JSON_BOOLEAN;
      value.v.boolean = FALSE;
      break;
    case 'n':
      if (!parse_literal (parser, "null", 4))
        return FALSE;
      value.type = RP_JSON_NULL;
      break;
    default:
      if (*parser->p == '-' || g_ascii_isdigit (*parser->p))
        {
          if (!parse_number (parser, &value))
            return FALSE;
          break;
        }
      return fail (parser, RP_JSON_ERROR_SYNTAX, "unexpected character “%c”",
                   g_ascii_isprint (*parser->p) ? *parser->p : '?');
    }

  *node = value;
  return TRUE;
}

/**
 * rp_json_doc_parse:
 * @data: the text, valid UTF-8 or refused with %RP_JSON_ERROR_NOT_UTF8 (a NUL byte too)
 * @length: its length in bytes
 * @max_depth: how deep arrays and objects may nest
 *
 * Strict JSON (RFC 8259) but for control characters, which strings may hold raw as many
 * servers send them; the readers of the values decide what they accept.
 *
 * Returns: (transfer full): the document, or %NULL with an %RP_JSON_ERROR
 */
RpJsonDoc *
rp_json_doc_parse (const char  *data,
                   gsize        length,
                   guint        max_depth,
                   GError     **error)
{
  g_autoptr(RpJsonDoc) doc = g_new0 (RpJsonDoc, 1);
  g_autoptr(GArray) stack = NULL;
  Parser parser = { 0, };

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  parser.doc = doc;
  parser.start = parser.p = data;
  parser.end = data + length;
  parser.max_depth = max_depth;
  parser.error = error;

  if (!g_utf8_validate_len (data, length, &parser.p))
    {
      fail (&parser, RP_JSON_ERROR_NOT_UTF8, parser.p < parser.end && *parser.p == '\0'
                                             ? "a NUL byte" : "not valid UTF-8 text");
      return NULL;
    }

  stack = g_array_sized_new (FALSE, FALSE, sizeof (RpJsonMember), 256);
  parser.stack = stack;
  parser.p = data;

  if (!parse_value (&parser, &doc->root))
    return NULL;

  skip_space (&parser);
  if (parser.p < parser.end)
    {
      fail (&parser, RP_JSON_ERROR_SYNTAX, "text after the end of the value");
      return NULL;
    }

  return g_steal_pointer (&doc);
}

RpJsonNode *
rp_json_doc_get_root (RpJsonDoc *doc)
{
  return &doc->root;
}

void
rp_json_doc_free (RpJsonDoc *doc)
{
  Block *block;

  if (doc == NULL)
    return;

  block = doc->blocks;
  while (block != NULL)
    {
      Block *next = block->next;

      g_free (block);
      block = next;
    }
  g_free (doc);
}

/**
 * rp_json_object_get_member:
 *
 * The value of @name; when a name comes twice the last one counts, as most readers of
 * JSON have it.
 *
 * Returns: (nullable): the value, or %NULL when @object has no such member
 */
RpJsonNode *
rp_json_object_get_member (RpJsonNode *object,
                           const char *name)
{
  g_return_val_if_fail (object != NULL && object->type == RP_JSON_OBJECT, NULL);

  for (guint i = object->length; i > 0; i--)
    {
      RpJsonMember *member = &object->v.members[i - 1];

      if (member->name[0] == name[0] && strcmp (member->name, name) == 0)
        return &member->value;
    }

  return NULL;
}

/* How many different names @object has. */
guint
rp_json_object_get_size (RpJsonNode *object)
{
  guint size = 0;

  g_return_val_if_fail (object != NULL && object->type == RP_JSON_OBJECT, 0);

  for (guint i = 0; i < object->length; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < i && !seen; j++)
        seen = strcmp (object->v.members[i].name, object->v.members[j].name) == 0;
      if (!seen)
        size++;
    }

  return size;
}

/**
 * rp_json_object_get_only_member:
 * @name: (out) (optional): its name
 *
 * Returns: (nullable): the value of the one name @object has, or %NULL when it has none
 *   or several
 */
RpJsonNode *
rp_json_object_get_only_member (RpJsonNode  *object,
                                const char **name)
{
  RpJsonMember *last;

  if (rp_json_object_get_size (object) != 1)
    return NULL;

  last = &object->v.members[object->length - 1];
  if (name != NULL)
    *name = last->name;
  return &last->value;
}
