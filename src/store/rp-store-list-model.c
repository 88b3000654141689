/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-store-list-model"

#include "config.h"

#include <string.h>

#include "rp-memory.h"
#include "rp-store-enums.h"
#include "rp-store-private.h"
#include "rp-store-list-model.h"

/* A GListModel over one kind of row.  Rows are read on the store's worker thread in keyset
 * pages of light objects (no items, solutions or events), kept packed (see "Packed rows"
 * below); the first page is small so a view fills at once, later pages are large so 100,000 rows take few round trips.  The first
 * load appends page by page (one items-changed each).
 *
 * A new filter or sort swaps its first page in with one items-changed, so that a view never
 * flashes empty and a search shows its first matches at once, then appends the others.  A reload after the store's `changed` (a sync writes page after
 * page) must not block the main loop: a thread compares the rows read again with the current
 * ones by identity and content; a row that did not change stays the same row, and so keeps
 * the object a view holds (its widget and its selection), and only the ranges that changed are announced, a few thousand rows per
 * main-loop iteration, from the top, so that what a view shows is fresh first.  A row is
 * never in the list twice, not even between two items-changed of an update: a view that maps
 * rows to objects of its own by their key would hold one object at two places (GTK warns
 * "Duplicate item" and may bind a row to the wrong widget), so rows that moved are taken out
 * in a first step, before the second puts them at their new places.  The rows a
 * reload drops are freed in slices from an idle: freeing 100,000 at once takes longer than a
 * frame.  While a sync writes, reloads of a big list are spaced by twice the time one takes,
 * so that the list does not keep the store's thread from the sync's writes. */

#define FIRST_PAGE 200
#define PAGE 5000
#define RELOAD_DELAY_MS 100
#define RELOAD_DELAY_MAX_MS 3000
#define APPLY_ROWS 2000       /* rows announced by one items-changed while an update is applied */
#define SLICE_USEC 3000       /* main-loop time one slice of applying or freeing may take */
#define FREE_BATCH 500        /* objects freed between two looks at the clock */
#define MERGE_GAP 32          /* unchanged rows between two changes announced as one range */

/* One change of an update: at position new_start of the new list (old_start of the old one),
 * n_removed old rows give way to n_added new rows.  Between two edits, the rows are the same
 * objects in both lists. */
typedef struct
{
  guint new_start;
  guint old_start;
  guint n_removed;
  guint n_added;
} Edit;

struct _RpStoreListModel
{
  GObject           parent_instance;

  RpStore          *store;
  RpStoreListQuery  query;
  GPtrArray        *items;          /* the rows; while an update is applied, the old rows */
  GPtrArray        *pending;        /* the rows read by a reload, not yet in the list */
  GCancellable     *cancellable;
  guint             generation;
  guint             reload_source;
  guint             next_page_source;
  gint64            next_key;       /* where the next page starts, for next_page_source */
  gint64            next_id;
  gboolean          loading;
  gboolean          fetching;       /* pages of this generation are being read */
  gboolean          diffing;        /* a thread compares `pending` with `items` */
  gboolean          replace;        /* the query changed: the next load replaces every row */
  gboolean          stale;          /* a change came in while loading */
  gint64            load_started;
  gint64            load_time;
  gint64            load_finished;

  /* An update applied in slices: the list is next[0, next_pos) then items[old_pos, …). */
  GPtrArray        *next;
  GArray           *edits;          /* of Edit */
  GPtrArray        *after;          /* the second step of an update, once `next` is in */
  GArray           *after_edits;
  guint             edit_index;
  guint             next_pos;
  guint             old_pos;
  guint             apply_source;

  /* Arrays of dropped rows, released a slice at a time; never while a thread reads one. */
  GPtrArray        *graveyard;      /* of GPtrArray */
  guint             diffs_running;  /* of any generation */
  guint             free_source;
};

typedef struct
{
  GWeakRef model;
  guint    generation;
} PageRequest;

/* What the comparing thread reads and makes. */
typedef struct
{
  GWeakRef         model;
  guint            generation;
  GPtrArray       *old;             /* read only: the model's rows */
  GPtrArray       *fresh;           /* the rows read again; released by the thread */
  GPtrArray       *next;            /* made: the new list, unchanged rows as their old objects */
  GArray          *edits;           /* made: of Edit, in order */
  GPtrArray       *mid;             /* made when rows moved: the old list without them */
  GArray          *mid_edits;       /* made with mid: from the old list to mid (removals) */
} Diff;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RpStoreListModel, rp_store_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_KIND,
  PROP_ACCOUNT_ID,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean reload_cb (gpointer user_data);
static void start_diff (RpStoreListModel *self);
static void request_page (RpStoreListModel *self,
                          gboolean          has_after,
                          gint64            after_key,
                          gint64            after_id,
                          guint             limit);

static GType
item_type_for_kind (RpStoreListKind kind)
{
  switch (kind)
    {
    case RP_STORE_LIST_ORDERS:
      return RP_TYPE_ORDER;
    case RP_STORE_LIST_CONVERSATIONS:
      return RP_TYPE_CONVERSATION;
    case RP_STORE_LIST_MESSAGES:
      return RP_TYPE_MESSAGE;
    case RP_STORE_LIST_DISPUTES:
      return RP_TYPE_DISPUTE;
    case RP_STORE_LIST_SHIPMENTS:
    default:
      return RP_TYPE_SHIPMENT;
    }
}

static guint
changes_for_kind (RpStoreListKind kind)
{
  switch (kind)
    {
    case RP_STORE_LIST_ORDERS:
      return RP_STORE_CHANGE_ORDERS | RP_STORE_CHANGE_ORDER_STATE;
    case RP_STORE_LIST_CONVERSATIONS:
      return RP_STORE_CHANGE_CONVERSATIONS;
    case RP_STORE_LIST_MESSAGES:
      return RP_STORE_CHANGE_MESSAGES | RP_STORE_CHANGE_OUTBOX;
    case RP_STORE_LIST_DISPUTES:
      return RP_STORE_CHANGE_DISPUTES;
    case RP_STORE_LIST_SHIPMENTS:
    default:
      return RP_STORE_CHANGE_SHIPMENTS;
    }
}

/* Row identity and content, for the comparing thread */

#define STR(s) ((s) != NULL ? (s) : "")

static char *
item_key (RpStoreListKind kind,
          gpointer        item)
{
  switch (kind)
    {
    case RP_STORE_LIST_ORDERS:
      {
        RpOrder *order = item;

        return g_strdup_printf ("%" G_GINT64_FORMAT " %s", order->account_id, STR (order->order_id));
      }
    case RP_STORE_LIST_CONVERSATIONS:
      {
        RpConversation *conversation = item;

        return g_strdup_printf ("%" G_GINT64_FORMAT " %s", conversation->account_id,
                                STR (conversation->channel_id));
      }
    case RP_STORE_LIST_MESSAGES:
      {
        RpMessage *message = item;

        /* A local echo has no marketplace id until it is sent. */
        if (message->message_id == NULL)
          return g_strdup_printf ("%" G_GINT64_FORMAT " outbox %" G_GINT64_FORMAT,
                                  message->account_id, message->outbox_id);
        return g_strdup_printf ("%" G_GINT64_FORMAT " id %s", message->account_id,
                                message->message_id);
      }
    case RP_STORE_LIST_DISPUTES:
      {
        RpDispute *dispute = item;

        return g_strdup_printf ("%" G_GINT64_FORMAT " %s", dispute->account_id,
                                STR (dispute->issue_id));
      }
    case RP_STORE_LIST_SHIPMENTS:
    default:
      {
        RpShipment *shipment = item;

        return g_strdup_printf ("%" G_GINT64_FORMAT " %s %s", shipment->account_id,
                                STR (shipment->order_id), STR (shipment->tracking_no));
      }
    }
}

#undef STR

/* Packed rows.  A list of 100,000 orders held as objects costs a GObject and a dozen
 * string allocations per row, most of it for rows nobody looks at.  So a row is kept as one
 * block: its identity key, then every field of the light object in the order of a table
 * below (numbers as bytes, strings inline, the few words that repeat from row to row —
 * status words, countries, currencies' neighbours — as quarks).  The object is
 * made when someone asks for the row (a view, a walk over the list) and a weak reference
 * remembers it: while anyone holds it, the same position gives the same object; a row
 * nobody holds costs only its block.  Two rows with the same block are the same row, which
 * is all the comparing thread needs. */

typedef enum
{
  FIELD_INT64,
  FIELD_INT,        /* int, guint, gboolean and enums */
  FIELD_MONEY,
  FIELD_STRING,
  FIELD_ATOM,       /* a string that repeats between rows: a quark */
  FIELD_KEY_ID,     /* the marketplace id that ends the row's key: not stored twice */
  FIELD_STRV,
} FieldType;

typedef struct
{
  FieldType type;
  gsize     offset;
} Field;

#define F(type, kind, field) { FIELD_##type, G_STRUCT_OFFSET (kind, field) }

/* Every field a list reads (see rp-store-db.c's row readers): a field added to a core type
 * that a list reads must be added here too, or the row loses it.
 *
 * An order's row leaves out the street, zip, phone and contact person: no list shows them,
 * whoever needs them reads the whole order (rp_store_get_order_async()), and they are a fifth
 * of a row, 9 MB at 100,000 orders.  Country, province and city stay: they give the buyer's
 * clock. */
static const Field order_fields[] = {
  F (INT64, RpOrder, account_id),
  F (KEY_ID, RpOrder, order_id),
  F (ATOM, RpOrder, raw_status),
  F (INT, RpOrder, status),
  F (ATOM, RpOrder, issue_status),
  F (ATOM, RpOrder, logistics_status),
  F (INT64, RpOrder, created_at),
  F (INT64, RpOrder, paid_at),
  F (INT64, RpOrder, modified_at),
  F (INT64, RpOrder, ship_by),
  F (INT64, RpOrder, accept_by),
  F (STRING, RpOrder, buyer_login_id),
  F (STRING, RpOrder, buyer_name),
  F (ATOM, RpOrder, buyer_country),
  F (MONEY, RpOrder, total),
  F (STRING, RpOrder, memo),
  F (ATOM, RpOrder, address.country),
  F (ATOM, RpOrder, address.province),
  F (STRING, RpOrder, address.city),
  F (STRING, RpOrder, items_summary),
  F (INT, RpOrder, has_detail),
  F (INT, RpOrder, confirmation),
  F (INT64, RpOrder, confirmation_deadline),
};

static const Field conversation_fields[] = {
  F (INT64, RpConversation, account_id),
  F (KEY_ID, RpConversation, channel_id),
  F (STRING, RpConversation, buyer_login_id),
  F (STRING, RpConversation, buyer_name),
  F (STRING, RpConversation, order_id),
  F (INT, RpConversation, unread_count),
  F (INT, RpConversation, read),
  F (INT, RpConversation, processed),
  F (INT, RpConversation, rank),
  F (INT64, RpConversation, last_message_at),
  F (STRING, RpConversation, last_message_text),
  F (INT, RpConversation, last_message_is_own),
};

static const Field message_fields[] = {
  F (INT64, RpMessage, account_id),
  F (STRING, RpMessage, message_id),
  F (STRING, RpMessage, channel_id),
  F (STRING, RpMessage, sender_login_id),
  F (STRING, RpMessage, sender_name),
  F (INT, RpMessage, is_own),
  F (STRING, RpMessage, content),
  F (INT64, RpMessage, sent_at),
  F (ATOM, RpMessage, message_type),
  F (STRING, RpMessage, extern_id),
  F (STRV, RpMessage, image_urls),
  F (INT64, RpMessage, outbox_id),
  F (INT, RpMessage, outbox_state),
};

static const Field dispute_fields[] = {
  F (INT64, RpDispute, account_id),
  F (KEY_ID, RpDispute, issue_id),
  F (STRING, RpDispute, order_id),
  F (STRING, RpDispute, parent_order_id),
  F (STRING, RpDispute, buyer_login_id),
  F (INT, RpDispute, status),
  F (ATOM, RpDispute, raw_status),
  F (ATOM, RpDispute, reason),
  F (ATOM, RpDispute, reason_id),
  F (ATOM, RpDispute, detail_status),
  F (ATOM, RpDispute, timeout_type),
  F (INT64, RpDispute, deadline),
  F (INT64, RpDispute, created_at),
  F (INT64, RpDispute, modified_at),
  F (STRING, RpDispute, product_name),
  F (MONEY, RpDispute, product_price),
  F (MONEY, RpDispute, refund_max),
  F (INT, RpDispute, has_detail),
};

static const Field shipment_fields[] = {
  F (INT64, RpShipment, account_id),
  F (STRING, RpShipment, order_id),
  F (STRING, RpShipment, tracking_no),
  F (ATOM, RpShipment, service_name),
  F (ATOM, RpShipment, to_country),
  F (INT64, RpShipment, shipped_at),
  F (INT64, RpShipment, received_at),
  F (ATOM, RpShipment, receive_status),
  F (INT, RpShipment, status),
  F (INT64, RpShipment, last_event_at),
  F (INT64, RpShipment, last_polled_at),
  F (INT64, RpShipment, protection_end),
};

#undef F

/* The enums and booleans of the tables are stored as int. */
G_STATIC_ASSERT (sizeof (RpOrderStatus) == sizeof (int));
G_STATIC_ASSERT (sizeof (RpConfirmationState) == sizeof (int));
G_STATIC_ASSERT (sizeof (RpDisputeStatus) == sizeof (int));
G_STATIC_ASSERT (sizeof (RpTrackingStatus) == sizeof (int));
G_STATIC_ASSERT (sizeof (RpOutboxState) == sizeof (int));
G_STATIC_ASSERT (sizeof (guint) == sizeof (int));

static const Field *
fields_for_kind (RpStoreListKind  kind,
                 guint           *n_fields)
{
  switch (kind)
    {
    case RP_STORE_LIST_ORDERS:
      *n_fields = G_N_ELEMENTS (order_fields);
      return order_fields;
    case RP_STORE_LIST_CONVERSATIONS:
      *n_fields = G_N_ELEMENTS (conversation_fields);
      return conversation_fields;
    case RP_STORE_LIST_MESSAGES:
      *n_fields = G_N_ELEMENTS (message_fields);
      return message_fields;
    case RP_STORE_LIST_DISPUTES:
      *n_fields = G_N_ELEMENTS (dispute_fields);
      return dispute_fields;
    case RP_STORE_LIST_SHIPMENTS:
    default:
      *n_fields = G_N_ELEMENTS (shipment_fields);
      return shipment_fields;
    }
}

/* Its own reference count rather than a GArcBox: the box's header is 32 bytes, 3 MB over
 * 100,000 rows. */
typedef struct
{
  gatomicrefcount ref_count;
  guint           len;     /* bytes in data */
  GWeakRef        object;  /* the object handed out for this row, while anyone holds it */
  char            data[];  /* the key and its NUL, then the fields */
} Row;

static void
row_unref (gpointer data)
{
  Row *row = data;

  if (g_atomic_ref_count_dec (&row->ref_count))
    {
      g_weak_ref_clear (&row->object);
      g_free (row);
    }
}

static inline Row *
row_ref (Row *row)
{
  g_atomic_ref_count_inc (&row->ref_count);
  return row;
}

static inline const char *
row_key (const Row *row)
{
  return row->data;
}

static inline gboolean
same_row (const Row *a,
          const Row *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len) == 0;
}

/* Numbers as variable-length integers (7 bits a byte): most are small (ids of the account,
 * enums, flags) or times in whole seconds, which the marketplace gives.  A 64-bit number
 * in whole seconds is kept as seconds with the lowest bit set (8 bytes of a time become 5);
 * any other is a 0 byte and its 8 bytes. */
static void
put_varint (GByteArray *buffer,
            guint64     value)
{
  guint8 bytes[10];
  guint n = 0;

  do
    {
      bytes[n] = value & 0x7f;
      value >>= 7;
      if (value != 0)
        bytes[n] |= 0x80;
      n++;
    }
  while (value != 0);

  g_byte_array_append (buffer, bytes, n);
}

static guint64
get_varint (const char **p)
{
  const guint8 *q = (const guint8 *)*p;
  guint64 value = 0;
  guint shift = 0;

  do
    {
      value |= (guint64)(*q & 0x7f) << shift;
      shift += 7;
    }
  while (*q++ & 0x80);

  *p = (const char *)q;
  return value;
}

static inline guint64
zigzag (gint64 value)
{
  return ((guint64)value << 1) ^ (guint64)(value >> 63);
}

static inline gint64
unzigzag (guint64 value)
{
  return (gint64)(value >> 1) ^ -(gint64)(value & 1);
}

static void
put_int64 (GByteArray *buffer,
           gint64      value)
{
  guint8 raw = 0;

  if (value % G_USEC_PER_SEC == 0)
    {
      put_varint (buffer, zigzag (value / G_USEC_PER_SEC) << 1 | 1);
      return;
    }

  g_byte_array_append (buffer, &raw, 1);
  g_byte_array_append (buffer, (const guint8 *)&value, sizeof value);
}

static gint64
get_int64 (const char **p)
{
  guint64 value = get_varint (p);
  gint64 number;

  if (value != 0)
    return unzigzag (value >> 1) * G_USEC_PER_SEC;

  memcpy (&number, *p, sizeof number);
  *p += sizeof number;
  return number;
}

static Row *
row_pack (RpStoreListKind  kind,
          gpointer         object,
          GByteArray      *buffer)
{
  g_autofree char *key = item_key (kind, object);
  guint n_fields;
  const Field *fields = fields_for_kind (kind, &n_fields);
  Row *row;

  g_byte_array_set_size (buffer, 0);
  g_byte_array_append (buffer, (const guint8 *)key, strlen (key) + 1);

  for (guint f = 0; f < n_fields; f++)
    {
      gpointer member = G_STRUCT_MEMBER_P (object, fields[f].offset);

      switch (fields[f].type)
        {
        case FIELD_INT64:
          put_int64 (buffer, *(gint64 *)member);
          break;

        case FIELD_INT:
          put_varint (buffer, zigzag (*(int *)member));
          break;

        case FIELD_MONEY:
          {
            const RpMoney *money = member;
            char currency[sizeof money->currency] = { 0 };

            /* Not the struct as it is: its padding, and what follows the code's NUL, are
             * not part of the value. */
            for (guint i = 0; i < sizeof currency && money->currency[i] != '\0'; i++)
              currency[i] = money->currency[i];
            g_byte_array_append (buffer, (const guint8 *)&money->cents, sizeof money->cents);
            g_byte_array_append (buffer, (const guint8 *)currency, sizeof currency);
          }
          break;

        case FIELD_STRING:
          {
            const char *string = *(char **)member;
            guint8 present = string != NULL;

            g_byte_array_append (buffer, &present, 1);
            if (string != NULL)
              g_byte_array_append (buffer, (const guint8 *)string, strlen (string) + 1);
          }
          break;

        case FIELD_KEY_ID:
          {
            /* The key is "<account> <id>" (item_key()): 1 says the id is what follows
             * the first space, 0 that there is none, 2 that it follows inline. */
            const char *string = *(char **)member;
            guint8 how = string == NULL ? 0 : g_str_equal (string, strchr (key, ' ') + 1) ? 1 : 2;

            g_byte_array_append (buffer, &how, 1);
            if (how == 2)
              g_byte_array_append (buffer, (const guint8 *)string, strlen (string) + 1);
          }
          break;

        case FIELD_ATOM:
          {
            /* A quark is half a pointer: 24 bytes a row for an order's six words. */
            GQuark atom = g_quark_from_string (*(char **)member);

            g_byte_array_append (buffer, (const guint8 *)&atom, sizeof atom);
          }
          break;

        case FIELD_STRV:
        default:
          {
            char **strv = *(char ***)member;
            guint32 n = strv != NULL ? g_strv_length (strv) : G_MAXUINT32;

            g_byte_array_append (buffer, (const guint8 *)&n, sizeof n);
            for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
              g_byte_array_append (buffer, (const guint8 *)strv[i], strlen (strv[i]) + 1);
          }
          break;
        }
    }

  row = g_malloc (sizeof (Row) + buffer->len);
  g_atomic_ref_count_init (&row->ref_count);
  g_weak_ref_init (&row->object, NULL);
  row->len = buffer->len;
  memcpy (row->data, buffer->data, buffer->len);

  return row;
}

gpointer
rp_store_list_row_pack (RpStoreListKind  kind,
                        gpointer         object,
                        GByteArray      *buffer)
{
  return row_pack (kind, object, buffer);
}

void
rp_store_list_row_unref (gpointer row)
{
  row_unref (row);
}

/* A complete light object, as the store read it. */
static gpointer
row_unpack (RpStoreListKind  kind,
            const Row       *row)
{
  GObject *object = g_object_new (item_type_for_kind (kind), NULL);
  const char *p = row->data + strlen (row->data) + 1;
  guint n_fields;
  const Field *fields = fields_for_kind (kind, &n_fields);

  for (guint f = 0; f < n_fields; f++)
    {
      gpointer member = G_STRUCT_MEMBER_P (object, fields[f].offset);

      switch (fields[f].type)
        {
        case FIELD_INT64:
          *(gint64 *)member = get_int64 (&p);
          break;

        case FIELD_INT:
          *(int *)member = (int)unzigzag (get_varint (&p));
          break;

        case FIELD_MONEY:
          {
            RpMoney *money = member;

            memcpy (&money->cents, p, sizeof money->cents);
            p += sizeof money->cents;
            memcpy (money->currency, p, sizeof money->currency);
            p += sizeof money->currency;
          }
          break;

        case FIELD_STRING:
          if (*p++ != 0)
            {
              *(char **)member = g_strdup (p);
              p += strlen (p) + 1;
            }
          break;

        case FIELD_KEY_ID:
          {
            guint8 how = (guint8)*p++;

            if (how == 1)
              *(char **)member = g_strdup (strchr (row->data, ' ') + 1);
            else if (how == 2)
              {
                *(char **)member = g_strdup (p);
                p += strlen (p) + 1;
              }
          }
          break;

        case FIELD_ATOM:
          {
            GQuark atom;

            memcpy (&atom, p, sizeof atom);
            p += sizeof atom;
            *(char **)member = g_strdup (g_quark_to_string (atom));
          }
          break;

        case FIELD_STRV:
        default:
          {
            guint32 n;

            memcpy (&n, p, sizeof n);
            p += sizeof n;
            if (n != G_MAXUINT32)
              {
                char **strv = g_new0 (char *, n + 1);

                for (guint32 i = 0; i < n; i++)
                  {
                    strv[i] = g_strdup (p);
                    p += strlen (p) + 1;
                  }
                *(char ***)member = strv;
              }
          }
          break;
        }
    }

  g_assert (p == row->data + row->len);

  return object;
}

/* The row's object: the one handed out before if anyone still holds it, else a new one.
 * Main thread only (as every GListModel call). */
static gpointer
row_get_object (RpStoreListKind  kind,
                Row             *row)
{
  gpointer object = g_weak_ref_get (&row->object);

  if (object == NULL)
    {
      object = row_unpack (kind, row);
      g_weak_ref_set (&row->object, object);
    }

  return object;
}

/* The comparison: a row present once in each list keeps its object when it stays in the same
 * relative order, that is on the longest increasing run of old positions taken in new order
 * (patience sorting, n log n).  Every other row is removed or inserted; a kept row whose
 * content changed is replaced where it is. */

#define NO_MATCH G_MAXUINT
#define KEY_TWICE G_MAXUINT

static void
add_edit (GArray *edits,
          guint   new_start,
          guint   old_start,
          guint   n_removed,
          guint   n_added)
{
  Edit *last = edits->len > 0 ? &g_array_index (edits, Edit, edits->len - 1) : NULL;
  Edit edit = { new_start, old_start, n_removed, n_added };

  if (n_removed == 0 && n_added == 0)
    return;

  /* Changes close together make one range, the few unchanged rows between them announced
   * as removed and added again (the same objects, so a view keeps their widgets): a handler
   * that walks its whole list on each items-changed then runs a few times per update, not
   * once per changed row.  A range holding unchanged rows is announced whole, never in
   * slices of APPLY_ROWS: cut where the counts of removed and added rows before an
   * unchanged row differ, a slice would add it before removing it, and it would stand
   * twice in the list until the next. */
  if (last != NULL &&
      new_start - (last->new_start + last->n_added) <= MERGE_GAP &&
      new_start - (last->new_start + last->n_added) == old_start - (last->old_start + last->n_removed) &&
      (old_start - last->old_start) + n_removed <= APPLY_ROWS &&
      (new_start - last->new_start) + n_added <= APPLY_ROWS)
    {
      guint gap = new_start - (last->new_start + last->n_added);

      last->n_removed += gap + n_removed;
      last->n_added += gap + n_added;
      return;
    }

  g_array_append_val (edits, edit);
}

/* Compares @old with @fresh into *@next and *@edits.  Sets @moved[k] (when not %NULL) for
 * the old rows whose key is in @fresh but that are not kept: they move, or their key
 * stands twice.  Returns whether there is one. */
static gboolean
diff_rows (GPtrArray  *old,
           GPtrArray  *fresh,
           gboolean   *moved,
           GPtrArray **next,
           GArray    **edits)
{
  guint n = MAX (fresh->len, 1);
  /* The keys are the rows' own: no copies. */
  g_autoptr(GHashTable) old_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) fresh_count = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *match = g_new (guint, n);        /* new position → old position */
  g_autofree guint *tails = g_new (guint, n);        /* new positions ending runs of each length */
  g_autofree guint *previous = g_new (guint, n);
  g_autofree gboolean *kept = g_new0 (gboolean, n);
  g_autofree gboolean *old_kept = g_new0 (gboolean, MAX (old->len, 1));
  gboolean any_moved = FALSE;
  guint n_tails = 0;
  guint i = 0;
  guint gap_start = 0;

  for (guint k = 0; k < old->len; k++)
    {
      const char *key = row_key (old->pdata[k]);

      /* A key seen twice cannot pair its rows: they are replaced. */
      if (g_hash_table_contains (old_index, key))
        g_hash_table_insert (old_index, (gpointer)key, GUINT_TO_POINTER (KEY_TWICE));
      else
        g_hash_table_insert (old_index, (gpointer)key, GUINT_TO_POINTER (k));
    }

  for (guint j = 0; j < fresh->len; j++)
    {
      const char *key = row_key (fresh->pdata[j]);

      g_hash_table_insert (fresh_count, (gpointer)key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (fresh_count, key)) + 1));
    }

  for (guint j = 0; j < fresh->len; j++)
    {
      const char *key = row_key (fresh->pdata[j]);
      gpointer found;
      guint low = 0;
      guint high = n_tails;

      match[j] = NO_MATCH;
      if (GPOINTER_TO_UINT (g_hash_table_lookup (fresh_count, key)) != 1 ||
          !g_hash_table_lookup_extended (old_index, key, NULL, &found) ||
          GPOINTER_TO_UINT (found) == KEY_TWICE)
        continue;
      match[j] = GPOINTER_TO_UINT (found);

      while (low < high)
        {
          guint mid = (low + high) / 2;

          if (match[tails[mid]] < match[j])
            low = mid + 1;
          else
            high = mid;
        }
      previous[j] = low > 0 ? tails[low - 1] : NO_MATCH;
      tails[low] = j;
      if (low == n_tails)
        n_tails++;
    }

  for (guint j = n_tails > 0 ? tails[n_tails - 1] : NO_MATCH; j != NO_MATCH; j = previous[j])
    {
      kept[j] = TRUE;
      old_kept[match[j]] = TRUE;
    }

  for (guint k = 0; moved != NULL && k < old->len; k++)
    {
      moved[k] = !old_kept[k] && g_hash_table_contains (fresh_count, row_key (old->pdata[k]));
      any_moved |= moved[k];
    }

  *next = g_ptr_array_new_full (fresh->len, row_unref);
  *edits = g_array_new (FALSE, FALSE, sizeof (Edit));

  for (guint j = 0; j < fresh->len; j++)
    {
      Row *item = fresh->pdata[j];

      if (!kept[j])
        {
          g_ptr_array_add (*next, row_ref (item));
          continue;
        }

      /* Old rows skipped to reach the pair are removed; new rows before it are inserted. */
      add_edit (*edits, gap_start, i, match[j] - i, j - gap_start);
      i = match[j];

      if (same_row (old->pdata[i], item))
        g_ptr_array_add (*next, row_ref (old->pdata[i]));
      else
        {
          add_edit (*edits, j, i, 1, 1);
          g_ptr_array_add (*next, row_ref (item));
        }

      i++;
      gap_start = j + 1;
    }

  add_edit (*edits, gap_start, i, old->len - i, fresh->len - gap_start);

  return any_moved;
}

static void
diff_lists (Diff *diff)
{
  GPtrArray *old = diff->old;
  g_autofree gboolean *moved = g_new0 (gboolean, MAX (old->len, 1));
  g_autoptr(GPtrArray) staying = NULL;

  if (!diff_rows (old, diff->fresh, moved, &diff->next, &diff->edits))
    return;

  /* Edits go from the top: a row that moved up would be added at its new place before it
   * is removed from its old one, and stand twice in the list in between.  So the update
   * takes two steps: the old list without the rows that move (removals only), then that
   * list to the new one, where no row moves (insertions, removals and rows replaced where
   * they are). */
  g_clear_pointer (&diff->next, g_ptr_array_unref);
  g_clear_pointer (&diff->edits, g_array_unref);

  staying = g_ptr_array_new_full (old->len, row_unref);
  for (guint k = 0; k < old->len; k++)
    if (!moved[k])
      g_ptr_array_add (staying, row_ref (old->pdata[k]));

  diff_rows (old, staying, NULL, &diff->mid, &diff->mid_edits);
  diff_rows (diff->mid, diff->fresh, NULL, &diff->next, &diff->edits);
}

static void
diff_free (Diff *diff)
{
  g_weak_ref_clear (&diff->model);
  g_clear_pointer (&diff->old, g_ptr_array_unref);
  g_clear_pointer (&diff->fresh, g_ptr_array_unref);
  g_clear_pointer (&diff->next, g_ptr_array_unref);
  g_clear_pointer (&diff->edits, g_array_unref);
  g_clear_pointer (&diff->mid, g_ptr_array_unref);
  g_clear_pointer (&diff->mid_edits, g_array_unref);
  g_free (diff);
}

static void
diff_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Diff *diff = task_data;

  diff_lists (diff);

  /* The rows read again that lost to an unchanged old object were never shown: free them
   * here rather than on the main thread. */
  g_clear_pointer (&diff->fresh, g_ptr_array_unref);

  g_task_return_boolean (task, TRUE);
}

/* Freeing dropped rows */

static gboolean
free_cb (gpointer user_data)
{
  RpStoreListModel *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;

  /* A comparing thread may be reading one of these arrays. */
  if (self->diffs_running > 0)
    {
      self->free_source = 0;
      return G_SOURCE_REMOVE;
    }

  while (self->graveyard->len > 0)
    {
      GPtrArray *array = g_ptr_array_index (self->graveyard, self->graveyard->len - 1);
      guint n = MIN (array->len, FREE_BATCH);

      g_ptr_array_set_size (array, array->len - n);
      if (array->len == 0)
        g_ptr_array_set_size (self->graveyard, self->graveyard->len - 1);

      if (g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }

  /* What a reload dropped is free now: give it back. */
  rp_memory_release_later ();

  self->free_source = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_free (RpStoreListModel *self)
{
  if (self->free_source == 0 && self->diffs_running == 0 && self->graveyard->len > 0)
    {
      self->free_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, free_cb, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->free_source),
                                "[rp-store-list-model] free");
    }
}

/* Takes @array (may be NULL); its rows are released later, a slice at a time. */
static void
retire (RpStoreListModel *self,
        GPtrArray        *array)
{
  if (array == NULL)
    return;

  if (array->len == 0)
    {
      g_ptr_array_unref (array);
      return;
    }

  g_ptr_array_add (self->graveyard, array);
  schedule_free (self);
}

/* Loading */

/* A change long after the last load is shown after a breath; while changes keep coming, a
 * load starts no sooner than twice its own duration after the previous one ended. */
static guint
reload_delay (RpStoreListModel *self)
{
  gint64 wait = 2 * self->load_time - (g_get_monotonic_time () - self->load_finished);

  return CLAMP (wait / 1000, RELOAD_DELAY_MS, RELOAD_DELAY_MAX_MS);
}

static void
schedule_reload (RpStoreListModel *self)
{
  if (self->reload_source == 0)
    {
      self->reload_source = g_timeout_add (reload_delay (self), reload_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->reload_source),
                                "[rp-store-list-model] reload");
    }
}

static void
update_loading (RpStoreListModel *self)
{
  gboolean loading = self->fetching || self->diffing || self->next != NULL || self->pending != NULL;

  if (self->loading == loading)
    return;

  self->loading = loading;
  if (loading)
    self->load_started = g_get_monotonic_time ();
  else
    {
      self->load_finished = g_get_monotonic_time ();
      self->load_time = self->load_finished - self->load_started;
      /* The pages read were packed and freed. */
      rp_memory_release_later ();
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  /* Rows changed under the load: read them again, after a breath. */
  if (!self->loading && self->stale)
    schedule_reload (self);
}

static void
page_request_free (PageRequest *request)
{
  g_weak_ref_clear (&request->model);
  g_free (request);
}

static guint
current_n_items (RpStoreListModel *self)
{
  if (self->next != NULL)
    return self->next_pos + (self->items->len - self->old_pos);

  return self->items->len;
}

static void
stop_applying (RpStoreListModel *self)
{
  g_clear_handle_id (&self->apply_source, g_source_remove);
  g_clear_pointer (&self->edits, g_array_unref);
  retire (self, g_steal_pointer (&self->next));
  g_clear_pointer (&self->after_edits, g_array_unref);
  retire (self, g_steal_pointer (&self->after));
  self->edit_index = 0;
  self->next_pos = 0;
  self->old_pos = 0;
}

/* The query changed: the rows read so far replace the list at once. */
static void
swap_in (RpStoreListModel *self)
{
  guint removed = current_n_items (self);
  guint added;

  stop_applying (self);
  retire (self, g_steal_pointer (&self->items));
  self->items = g_steal_pointer (&self->pending);
  self->replace = FALSE;
  added = self->items->len;

  if (removed > 0 || added > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
      if (removed != added)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

/* The step being applied is in; the update's second step, if any, comes next. */
static void
finish_step (RpStoreListModel *self)
{
  g_clear_pointer (&self->edits, g_array_unref);
  retire (self, g_steal_pointer (&self->items));
  self->items = g_steal_pointer (&self->next);
  self->next = g_steal_pointer (&self->after);
  self->edits = g_steal_pointer (&self->after_edits);
  self->edit_index = 0;
  self->next_pos = 0;
  self->old_pos = 0;
}

static void
finish_update (RpStoreListModel *self)
{
  g_clear_handle_id (&self->apply_source, g_source_remove);

  /* A reload that ended while this update was applied compares with its result. */
  if (self->pending != NULL && !self->fetching && !self->diffing)
    start_diff (self);
}

static gboolean
apply_cb (gpointer user_data)
{
  RpStoreListModel *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;

  do
    {
      Edit *edit;
      guint position;
      guint removed;
      guint added;

      if (self->edit_index >= self->edits->len)
        finish_step (self);
      if (self->next != NULL && self->edit_index >= self->edits->len)
        continue;     /* a step without edits */
      if (self->next == NULL)
        {
          self->apply_source = 0;
          finish_update (self);
          update_loading (self);
          return G_SOURCE_REMOVE;
        }

      /* The rows up to the edit are the same in both lists. */
      edit = &g_array_index (self->edits, Edit, self->edit_index);
      position = edit->new_start;
      removed = MIN (edit->n_removed, APPLY_ROWS);
      added = MIN (edit->n_added, APPLY_ROWS);

      self->next_pos = edit->new_start + added;
      self->old_pos = edit->old_start + removed;
      edit->new_start += added;
      edit->old_start += removed;
      edit->n_removed -= removed;
      edit->n_added -= added;
      if (edit->n_removed == 0 && edit->n_added == 0)
        self->edit_index++;

      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      if (removed != added)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  while (g_get_monotonic_time () < deadline);

  return G_SOURCE_CONTINUE;
}

static void
diff_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Diff *diff = g_task_get_task_data (G_TASK (result));
  g_autoptr(RpStoreListModel) self = g_weak_ref_get (&diff->model);

  if (self == NULL)
    return;

  self->diffs_running--;

  if (diff->generation != self->generation || !self->diffing)
    {
      /* A newer load took over. */
      retire (self, g_steal_pointer (&diff->next));
      retire (self, g_steal_pointer (&diff->mid));
      schedule_free (self);
      return;
    }

  self->diffing = FALSE;

  if (diff->edits->len == 0 && diff->mid == NULL)
    retire (self, g_steal_pointer (&diff->next));
  else if (diff->mid != NULL)
    {
      /* Rows moved: first the list without them, then the new list. */
      self->next = g_steal_pointer (&diff->mid);
      self->edits = g_steal_pointer (&diff->mid_edits);
      self->after = g_steal_pointer (&diff->next);
      self->after_edits = g_steal_pointer (&diff->edits);
    }
  else
    {
      self->next = g_steal_pointer (&diff->next);
      self->edits = g_steal_pointer (&diff->edits);
    }

  if (self->next != NULL)
    {
      self->edit_index = 0;
      self->next_pos = 0;
      self->old_pos = 0;
      self->apply_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_cb, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->apply_source),
                                "[rp-store-list-model] apply");
    }

  schedule_free (self);
  update_loading (self);
}

static void
start_diff (RpStoreListModel *self)
{
  g_autoptr(GTask) task = NULL;
  Diff *diff = g_new0 (Diff, 1);

  g_weak_ref_init (&diff->model, self);
  diff->generation = self->generation;
  diff->old = g_ptr_array_ref (self->items);
  diff->fresh = g_steal_pointer (&self->pending);

  self->diffing = TRUE;
  self->diffs_running++;
  g_clear_handle_id (&self->free_source, g_source_remove);

  /* No source object: a model dropped by its view must not live on until the thread ends. */
  task = g_task_new (NULL, NULL, diff_cb, NULL);
  g_task_set_source_tag (task, start_diff);
  g_task_set_name (task, "[rp-store-list-model] compare");
  g_task_set_task_data (task, diff, (GDestroyNotify)diff_free);
  g_task_run_in_thread (task, diff_thread);
}

static void
finish_load (RpStoreListModel *self)
{
  self->fetching = FALSE;

  if (self->pending != NULL)
    {
      if (self->replace)
        swap_in (self);
      else if (self->next == NULL)
        start_diff (self);
      /* else: compared once the update being applied is in. */
    }

  update_loading (self);
}

static gboolean
next_page_cb (gpointer user_data)
{
  RpStoreListModel *self = user_data;

  self->next_page_source = 0;
  request_page (self, TRUE, self->next_key, self->next_id, PAGE);

  return G_SOURCE_REMOVE;
}

static void
page_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PageRequest *request = user_data;
  g_autoptr(RpStoreListModel) self = g_weak_ref_get (&request->model);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStoreJob) job = NULL;
  guint generation = request->generation;
  RpStoreListChunk *chunk;
  GPtrArray *target;
  guint position;
  guint limit;

  page_request_free (request);
  job = rp_store_finish_job (NULL, result, rp_store_submit_job, &error);

  if (self == NULL || generation != self->generation)
    return;

  if (job == NULL)
    {
      /* Cancelled: a newer load took over.  Closed: the application is shutting down. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, RP_STORE_ERROR, RP_STORE_ERROR_CLOSED))
        g_warning ("Could not load a list: %s", error->message);

      retire (self, g_steal_pointer (&self->pending));
      self->fetching = FALSE;
      update_loading (self);
      return;
    }

  chunk = job->result;
  limit = job->query->limit;
  target = self->pending != NULL ? self->pending : self->items;
  position = target->len;

  g_ptr_array_extend_and_steal (target, g_steal_pointer (&chunk->rows));

  if (target == self->pending && self->replace)
    {
      /* A new query's first page replaces the rows at once (a search shows its first
       * matches without waiting for the last); the later pages are appended. */
      swap_in (self);
      target = self->items;
    }
  else if (target == self->items && self->items->len > position)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, self->items->len - position);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  if (target->len - position < limit || !chunk->has_last)
    finish_load (self);
  else
    {
      /* The store's answers come at default priority, above the frame clock's: a view
       * loading 100,000 rows page after page, or several at once, would hold back every
       * frame (the window's first among them) until the last page.  The next page is asked
       * for once the loop is idle, so a frame goes first. */
      self->next_key = chunk->last_key;
      self->next_id = chunk->last_id;
      self->next_page_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, next_page_cb, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->next_page_source),
                                "[rp-store-list-model] next page");
    }
}

static void
request_page (RpStoreListModel *self,
              gboolean          has_after,
              gint64            after_key,
              gint64            after_id,
              guint             limit)
{
  RpStoreJob *job = rp_store_job_new (RP_STORE_JOB_LIST_CHUNK);
  PageRequest *request = g_new0 (PageRequest, 1);

  job->query = rp_store_list_query_copy (&self->query);
  job->query->has_after = has_after;
  job->query->after_key = after_key;
  job->query->after_id = after_id;
  job->query->limit = limit;

  g_weak_ref_init (&request->model, self);
  request->generation = self->generation;

  /* No source object: a model dropped by its view must not live on until its load ends. */
  rp_store_submit_job (self->store, job, NULL, self->cancellable, page_cb, request,
                       rp_store_submit_job);
}

/**
 * rp_store_list_model_reload:
 *
 * Reads the rows again (done by itself when the store reports a change of this kind).
 */
void
rp_store_list_model_reload (RpStoreListModel *self)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->next_page_source, g_source_remove);
  self->stale = FALSE;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  self->diffing = FALSE;

  retire (self, g_steal_pointer (&self->pending));
  /* Rows in the list, or rows on their way in: read the new ones aside. */
  if (current_n_items (self) > 0 || self->next != NULL)
    self->pending = g_ptr_array_new_with_free_func (row_unref);
  else
    self->replace = FALSE;

  self->fetching = TRUE;
  update_loading (self);

  /* A reload after a change may cover many rows at once; a first load or a new query shows
   * its first page quickly.  Not a conversation's: it is shown from its newest message, and
   * a first page of its oldest would only make bubbles for the next page to push away. */
  request_page (self, FALSE, 0, 0,
                (self->pending != NULL && !self->replace) || self->query.kind == RP_STORE_LIST_MESSAGES
                ? PAGE : FIRST_PAGE);
}

/* A filter or the sort changed: the rows read replace the list. */
static void
requery (RpStoreListModel *self)
{
  self->replace = TRUE;
  rp_store_list_model_reload (self);
}

static gboolean
reload_cb (gpointer user_data)
{
  RpStoreListModel *self = user_data;

  self->reload_source = 0;
  rp_store_list_model_reload (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (RpStoreListModel *self,
                  guint             changes,
                  gint64            account_id,
                  RpStore          *store)
{
  if ((changes & changes_for_kind (self->query.kind)) == 0)
    return;

  if (self->query.account_id != 0 && account_id != 0 && account_id != self->query.account_id)
    return;

  /* The sync engine writes page after page.  Restarting a load for each page could keep a
   * big list from ever finishing, so a load in progress ends first and is then redone;
   * otherwise one reload covers a burst. */
  if (self->loading)
    self->stale = TRUE;
  else
    schedule_reload (self);
}

/* GListModel */

static GType
rp_store_list_model_get_item_type (GListModel *model)
{
  return item_type_for_kind (RP_STORE_LIST_MODEL (model)->query.kind);
}

static guint
rp_store_list_model_get_n_items (GListModel *model)
{
  return current_n_items (RP_STORE_LIST_MODEL (model));
}

static gpointer
rp_store_list_model_get_item (GListModel *model,
                              guint       position)
{
  RpStoreListModel *self = RP_STORE_LIST_MODEL (model);

  if (position >= current_n_items (self))
    return NULL;

  /* While an update is applied: its rows up to where it has come, then the old ones. */
  if (self->next != NULL)
    {
      if (position < self->next_pos)
        return row_get_object (self->query.kind, g_ptr_array_index (self->next, position));
      return row_get_object (self->query.kind,
                             g_ptr_array_index (self->items, self->old_pos + position - self->next_pos));
    }

  return row_get_object (self->query.kind, g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rp_store_list_model_get_item_type;
  iface->get_n_items = rp_store_list_model_get_n_items;
  iface->get_item = rp_store_list_model_get_item;
}

/* GObject */

static void
rp_store_list_model_constructed (GObject *object)
{
  RpStoreListModel *self = (RpStoreListModel *)object;

  G_OBJECT_CLASS (rp_store_list_model_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rp_store_list_model_reload (self);
}

static void
rp_store_list_model_dispose (GObject *object)
{
  RpStoreListModel *self = (RpStoreListModel *)object;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->apply_source, g_source_remove);
  g_clear_handle_id (&self->free_source, g_source_remove);
  g_clear_handle_id (&self->next_page_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rp_store_list_model_parent_class)->dispose (object);
}

static void
rp_store_list_model_finalize (GObject *object)
{
  RpStoreListModel *self = (RpStoreListModel *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->next, g_ptr_array_unref);
  g_clear_pointer (&self->edits, g_array_unref);
  g_clear_pointer (&self->after, g_ptr_array_unref);
  g_clear_pointer (&self->after_edits, g_array_unref);
  g_clear_pointer (&self->graveyard, g_ptr_array_unref);
  g_free (self->query.country);
  g_free (self->query.text);
  g_free (self->query.channel_id);

  G_OBJECT_CLASS (rp_store_list_model_parent_class)->finalize (object);
}

static void
rp_store_list_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RpStoreListModel *self = RP_STORE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->query.kind);
      break;

    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->query.account_id);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, current_n_items (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_store_list_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RpStoreListModel *self = RP_STORE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_KIND:
      self->query.kind = g_value_get_enum (value);
      break;

    case PROP_ACCOUNT_ID:
      self->query.account_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_store_list_model_class_init (RpStoreListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rp_store_list_model_constructed;
  object_class->dispose = rp_store_list_model_dispose;
  object_class->finalize = rp_store_list_model_finalize;
  object_class->get_property = rp_store_list_model_get_property;
  object_class->set_property = rp_store_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RP_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       RP_TYPE_STORE_LIST_KIND, RP_STORE_LIST_ORDERS,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_int64 ("account-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_store_list_model_init (RpStoreListModel *self)
{
  self->items = g_ptr_array_new_with_free_func (row_unref);
  self->graveyard = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  self->query.status = -1;
}

/**
 * rp_store_list_model_new:
 * @account_id: the account, or 0 for all accounts
 *
 * Starts loading at once; #RpStoreListModel:loading turns FALSE when all rows are in.
 * A messages model shows nothing until rp_store_list_model_set_channel().
 */
RpStoreListModel *
rp_store_list_model_new (RpStore         *store,
                         RpStoreListKind  kind,
                         gint64           account_id)
{
  g_return_val_if_fail (RP_IS_STORE (store), NULL);

  return g_object_new (RP_TYPE_STORE_LIST_MODEL,
                       "store", store,
                       "kind", kind,
                       "account-id", account_id,
                       NULL);
}

RpStoreListKind
rp_store_list_model_get_kind (RpStoreListModel *self)
{
  g_return_val_if_fail (RP_IS_STORE_LIST_MODEL (self), 0);

  return self->query.kind;
}

gboolean
rp_store_list_model_get_loading (RpStoreListModel *self)
{
  g_return_val_if_fail (RP_IS_STORE_LIST_MODEL (self), FALSE);

  return self->loading;
}

/* How long the last complete load took, in microseconds. */
gint64
rp_store_list_model_get_load_time (RpStoreListModel *self)
{
  g_return_val_if_fail (RP_IS_STORE_LIST_MODEL (self), 0);

  return self->load_time;
}

void
rp_store_list_model_set_sort (RpStoreListModel *self,
                              RpStoreListSort   sort)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));

  if (self->query.sort == sort)
    return;

  self->query.sort = sort;
  requery (self);
}

/* @status: an RpOrderStatus, RpDisputeStatus or RpTrackingStatus for the kind; -1 for any. */
void
rp_store_list_model_set_status (RpStoreListModel *self,
                                int               status)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));

  if (self->query.status == status)
    return;

  self->query.status = status;
  requery (self);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  /* An empty filter is no filter. */
  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);

  return TRUE;
}

void
rp_store_list_model_set_country (RpStoreListModel *self,
                                 const char       *country)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));

  if (replace_string (&self->query.country, country))
    requery (self);
}

/* One account's rows, or every account's (0): the window shows one store or all. */
void
rp_store_list_model_set_account (RpStoreListModel *self,
                                 gint64            account_id)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));
  g_return_if_fail (account_id >= 0);

  if (self->query.account_id == account_id)
    return;

  self->query.account_id = account_id;
  requery (self);
}

/* A substring of the ids and names shown in the list; taken literally (no wildcards). */
void
rp_store_list_model_set_text (RpStoreListModel *self,
                              const char       *text)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));
  g_return_if_fail (text == NULL || g_utf8_validate (text, -1, NULL));

  if (replace_string (&self->query.text, text))
    requery (self);
}

void
rp_store_list_model_set_channel (RpStoreListModel *self,
                                 const char       *channel_id)
{
  g_return_if_fail (RP_IS_STORE_LIST_MODEL (self));

  if (replace_string (&self->query.channel_id, channel_id))
    requery (self);
}
