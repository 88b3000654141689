/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rp-sandbox-json.h"
#include "rp-sandbox-locale.h"
#include "rp-sandbox-rng.h"

G_BEGIN_DECLS

#define RP_SB_SELLER_LOGIN_ID   "cn1529873064"
#define RP_SB_SELLER_ID         G_GUINT64_CONSTANT (2200001529873)
#define RP_SB_SELLER_NAME       "Sunrise Goods Store"
#define RP_SB_CURRENCY          "USD"

typedef enum
{
  RP_SB_ORDER_PLACE_ORDER_SUCCESS,
  RP_SB_ORDER_WAIT_SELLER_SEND_GOODS,
  RP_SB_ORDER_SELLER_PART_SEND_GOODS,
  RP_SB_ORDER_WAIT_BUYER_ACCEPT_GOODS,
  RP_SB_ORDER_IN_ISSUE,
  RP_SB_ORDER_FINISH,
  RP_SB_N_ORDER_STATUSES
} RpSbOrderStatus;

typedef enum
{
  RP_SB_ISSUE_NONE,
  RP_SB_ISSUE_IN,
  RP_SB_ISSUE_END
} RpSbIssueState;

typedef enum
{
  RP_SB_TRACK_DELIVERED,    /* moves all the way to the door */
  RP_SB_TRACK_MOVING,       /* still on its way */
  RP_SB_TRACK_STALLED,      /* stops moving half way */
  RP_SB_TRACK_NO_SCAN,      /* never gets a first scan */
  RP_SB_TRACK_CUSTOMS,      /* held in customs */
  RP_SB_N_TRACKS
} RpSbTrack;

typedef enum
{
  RP_SB_DISPUTE_PROCESSING,
  RP_SB_DISPUTE_CANCELED,
  RP_SB_DISPUTE_FINISH
} RpSbDisputeState;

typedef enum
{
  RP_SB_SOL_BUYER,
  RP_SB_SOL_SELLER,
  RP_SB_SOL_PLATFORM
} RpSbSolutionOwner;

typedef struct
{
  const char *login_id;
  const char *given_name;
  const char *family_name;
  const char *street;
  const char *line2;          /* nullable */
  const char *zip;
  const char *phone;
  guint64     ali_id;
  guint8      country;
  guint8      region;
  guint8      style;
  guint8      female;
} RpSbBuyer;

typedef struct
{
  guint64 child_id;
  guint16 product;
  guint8  value_a;
  guint8  value_b;
  guint8  count;
} RpSbItem;

typedef struct
{
  guint64     id;
  gint64      created;        /* all times: seconds since the epoch, UTC */
  gint64      paid;           /* 0 while unpaid */
  gint64      modified;
  gint64      shipped;        /* 0 until the seller declared shipment */
  gint64      finished;       /* 0 until FINISH */
  const char *memo;           /* buyer's note; nullable */
  guint32     buyer;
  guint32     first_item;
  gint32      shipment;       /* -1 if none */
  gint32      dispute;        /* -1 if none */
  gint32      conversation;   /* -1 if none */
  guint32     logistics_cents;
  guint8      n_items;
  guint8      status;         /* RpSbOrderStatus */
  guint8      issue;          /* RpSbIssueState */
  guint8      extended_days;
  guint8      service;        /* the buyer's chosen logistics service */
} RpSbOrder;

typedef struct
{
  guint64     id;
  gint64      time_ms;
  const char *content;
  guint8      from_buyer;
  guint8      unread;
} RpSbMessage;

typedef struct
{
  guint64  channel_id;        /* the order id for order messages */
  gint32   order;             /* -1 for a general (member) conversation */
  guint32  buyer;
  GArray  *messages;          /* RpSbMessage, oldest first */
  guint8   read_stat;
  guint8   deal_stat;
  guint8   rank;
  guint16  unread_count;
} RpSbConversation;

typedef struct
{
  guint64     id;
  gint64      created;
  gint64      modified;
  gint64      accepted;       /* 0 unless reached */
  const char *content;
  gint64      refund_cents;
  guint8      owner;          /* RpSbSolutionOwner */
  guint8      return_goods;   /* return_and_refund */
  guint8      is_default;
  guint8      version;
  const char *status;         /* the platform's solution status string */
  const char *reached_type;   /* nullable */
} RpSbSolution;

typedef struct
{
  gint64      time;
  const char *action_type;
  const char *member_type;
  const char *content;
  const char *attachment;     /* nullable: a file path */
  guint8      receive_goods;
} RpSbProcess;

typedef struct
{
  guint64     id;
  guint32     order;
  guint32     item;           /* the disputed child order (index into items) */
  gint64      created;
  gint64      modified;
  gint64      timeout_at;     /* 0 when no deadline */
  const char *timeout_type;   /* nullable */
  const char *detail_status;  /* reverse_detail_status */
  GArray     *solutions;      /* RpSbSolution */
  GArray     *process;        /* RpSbProcess */
  gint64      refund_max_cents;
  guint8      reason;         /* index into rp_sb_reasons */
  guint8      state;          /* RpSbDisputeState */
} RpSbDispute;

typedef struct
{
  gint64 time;
  guint8 step;
} RpSbEvent;

typedef struct
{
  guint32     order;
  const char *logistics_no;
  const char *tracking_website;   /* nullable */
  gint64      shipped;
  GArray     *events;             /* RpSbEvent, planned at shipment; shown once due */
  guint8      service;
  guint8      track;              /* RpSbTrack */
} RpSbShipment;

/* Things that will happen at a given time; the simulation's agenda. */
typedef enum
{
  RP_SB_DUE_BUYER_REPLY,       /* target: conversation */
  RP_SB_DUE_BUYER_MESSAGE,     /* target: order; a question out of the blue */
  RP_SB_DUE_NEW_ORDER,
  RP_SB_DUE_CONFIRM_RECEIPT,   /* target: order */
  RP_SB_DUE_OPEN_DISPUTE,      /* target: order */
  RP_SB_DUE_DISPUTE_TIMEOUT,   /* target: dispute */
  RP_SB_DUE_BUYER_ANSWER_SOLUTION, /* target: dispute, arg: solution index */
  RP_SB_DUE_PAYMENT,           /* target: order */
  RP_SB_DUE_ACCEPT_DEADLINE,   /* target: order; buyer protection ends */
} RpSbDueKind;

typedef struct
{
  gint64  time;
  guint64 seq;
  guint32 target;
  guint32 arg;
  guint8  kind;
} RpSbDue;

typedef struct
{
  guint64  seed;
  guint    n_orders;
  guint    n_buyers;
  gint64   start;             /* simulated time at generation, seconds */
} RpSbWorldConfig;

typedef struct _RpSbWorld RpSbWorld;

struct _RpSbWorld
{
  RpSbWorldConfig config;

  GStringChunk *strings;
  GArray       *buyers;        /* RpSbBuyer */
  GArray       *orders;        /* RpSbOrder, in ascending id order */
  GArray       *items;         /* RpSbItem */
  GPtrArray    *conversations; /* RpSbConversation* */
  GHashTable   *channels;      /* guint64* channel id -> RpSbConversation* */
  GPtrArray    *disputes;      /* RpSbDispute* */
  GPtrArray    *shipments;     /* RpSbShipment* */
  GHashTable   *tracking;      /* logistics_no -> RpSbShipment* */
  GHashTable   *buyer_logins;  /* login id -> index + 1 */
  GArray       *agenda;        /* RpSbDue, a binary heap on (time, seq) */
  GTimeZone   **zones;         /* per country, per region */
  guint        *zone_base;     /* first zones[] index of each country */
  GTimeZone    *pacific;

  gint64   now_ms;             /* the simulated clock */
  gint64   ticked;             /* the simulation ran up to this second */
  guint64  due_seq;
  guint64  next_message_id;
  guint64  next_relation_id;
  guint64  next_solution_id;
  guint64  next_order_serial;
  guint    n_messages;
  guint64  message_gen;        /* bumped by every new message */
  GPtrArray *by_last_message;  /* conversations, newest last message first */
  guint64  by_last_message_gen;
  guint    n_buyer_events;     /* buyer-side activity since start */
};

RpSbWorld   *rp_sb_world_new            (const RpSbWorldConfig *config);
void         rp_sb_world_free           (RpSbWorld       *world);

const char  *rp_sb_world_intern         (RpSbWorld       *world,
                                         const char      *text);
const char  *rp_sb_world_store          (RpSbWorld       *world,
                                         const char      *text);
char        *rp_sb_format_pacific       (RpSbWorld       *world,
                                         gint64           unix_seconds);
gboolean     rp_sb_parse_pacific        (RpSbWorld       *world,
                                         const char      *text,
                                         gint64          *out_unix_seconds);
int          rp_sb_world_local_hour     (RpSbWorld       *world,
                                         const RpSbBuyer *buyer,
                                         gint64           unix_seconds);
GTimeZone   *rp_sb_world_buyer_zone     (RpSbWorld       *world,
                                         const RpSbBuyer *buyer);

RpSbOrder   *rp_sb_world_find_order     (RpSbWorld       *world,
                                         guint64          order_id);
RpSbConversation *rp_sb_world_find_channel (RpSbWorld    *world,
                                            guint64       channel_id);
RpSbDispute *rp_sb_world_find_dispute   (RpSbWorld       *world,
                                         guint64          issue_id);
guint32      rp_sb_world_dispute_index  (RpSbWorld       *world,
                                         const RpSbDispute *dispute);
RpSbShipment *rp_sb_world_find_tracking (RpSbWorld       *world,
                                         const char      *logistics_no);
RpSbBuyer   *rp_sb_world_buyer          (RpSbWorld       *world,
                                         guint            index);
RpSbItem    *rp_sb_world_item           (RpSbWorld       *world,
                                         guint            index);
char        *rp_sb_buyer_full_name      (const RpSbBuyer *buyer);
char        *rp_sb_item_standard        (const RpSbItem  *item);
char        *rp_sb_item_sku             (const RpSbItem  *item);
guint64      rp_sb_product_id           (guint            product);
gint64       rp_sb_order_total_cents    (RpSbWorld       *world,
                                         const RpSbOrder *order);
gint64       rp_sb_order_ship_deadline  (const RpSbOrder *order);
gint64       rp_sb_order_accept_deadline (const RpSbOrder *order);
const char  *rp_sb_order_status_name    (RpSbOrderStatus status);
gboolean     rp_sb_order_status_parse   (const char      *name,
                                         RpSbOrderStatus *out_status);
const char  *rp_sb_issue_state_name     (RpSbIssueState  state);
const char  *rp_sb_dispute_state_name   (RpSbDisputeState state);
const char  *rp_sb_track_name           (RpSbTrack       track);
void         rp_sb_event_describe       (guint8          step,
                                         const char    **out_desc,
                                         const char    **out_action_code);
guint        rp_sb_shipment_visible_events (RpSbWorld   *world,
                                            const RpSbShipment *shipment);

/* Mutations shared by the generator, the API and the simulation. */
RpSbConversation *rp_sb_world_ensure_conversation (RpSbWorld *world,
                                                   gint32     order,
                                                   guint32    buyer);
RpSbMessage *rp_sb_world_add_message    (RpSbWorld        *world,
                                         RpSbConversation *conversation,
                                         gint64            time_ms,
                                         gboolean          from_buyer,
                                         const char       *content);
RpSbShipment *rp_sb_world_ship          (RpSbWorld       *world,
                                         guint32          order,
                                         guint            service,
                                         const char      *logistics_no,
                                         const char      *tracking_website,
                                         gint64           when,
                                         RpSbTrack        track,
                                         guint64          rng_seed);
RpSbDispute *rp_sb_world_open_dispute   (RpSbWorld       *world,
                                         guint32          order,
                                         guint            reason,
                                         gint64           when,
                                         guint64          rng_seed);
RpSbSolution *rp_sb_dispute_add_solution (RpSbWorld      *world,
                                          RpSbDispute    *dispute,
                                          RpSbSolutionOwner owner,
                                          gboolean        return_goods,
                                          gint64          refund_cents,
                                          const char     *content,
                                          gint64          when);
void         rp_sb_dispute_add_process  (RpSbWorld       *world,
                                         RpSbDispute     *dispute,
                                         gint64           when,
                                         const char      *action_type,
                                         const char      *member_type,
                                         const char      *content,
                                         const char      *attachment);
void         rp_sb_dispute_close        (RpSbWorld       *world,
                                         RpSbDispute     *dispute,
                                         RpSbSolution    *solution,
                                         const char      *reached_type,
                                         gint64           when);
void         rp_sb_world_touch_order    (RpSbWorld       *world,
                                         RpSbOrder       *order,
                                         gint64           when);
guint32      rp_sb_world_add_order      (RpSbWorld       *world,
                                         guint32          buyer,
                                         gint64           created,
                                         guint64          rng_seed);
guint32      rp_sb_world_add_buyer      (RpSbWorld       *world,
                                         guint64          rng_seed);

void         rp_sb_world_schedule       (RpSbWorld       *world,
                                         gint64           time,
                                         RpSbDueKind      kind,
                                         guint32          target,
                                         guint32          arg);
gboolean     rp_sb_world_pop_due        (RpSbWorld       *world,
                                         gint64           until,
                                         RpSbDue         *out_due);

char        *rp_sb_seller_confirmation  (RpSbWorld       *world,
                                         const RpSbOrder *order);
char        *rp_sb_buyer_reply_text     (RpSbWorld       *world,
                                         const RpSbOrder *order,
                                         const RpSbBuyer *buyer,
                                         gboolean         confirmation,
                                         RpSbRng         *rng,
                                         gboolean        *out_objected);
gint64       rp_sb_buyer_time_after     (RpSbWorld       *world,
                                         const RpSbBuyer *buyer,
                                         gint64           after,
                                         RpSbRng         *rng);
double       rp_sb_buyer_activity       (int              local_hour);

GPtrArray   *rp_sb_world_conversations_by_time (RpSbWorld *world);

void         rp_sb_world_write_export   (RpSbWorld       *world,
                                         RpSbJson        *json);
void         rp_sb_world_write_address  (RpSbWorld       *world,
                                         RpSbJson        *json,
                                         const char      *name,
                                         const RpSbBuyer *buyer);
void         rp_sb_world_write_event    (RpSbWorld       *world,
                                         RpSbJson        *json,
                                         const RpSbShipment *shipment,
                                         guint            index);
const char  *rp_sb_shipment_scenario    (RpSbWorld       *world,
                                         const RpSbShipment *shipment);
void         rp_sb_world_write_stats    (RpSbWorld       *world,
                                         RpSbJson        *json);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpSbWorld, rp_sb_world_free)

G_END_DECLS
