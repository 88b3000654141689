/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A read-only JSON document parsed in one pass into one block of memory: the answers of
 * the marketplace are read once and dropped, so a tree of reference-counted nodes and hash
 * tables per object (json-glib) costs more than the reading itself. */

#define RP_JSON_ERROR (rp_json_error_quark ())

typedef enum
{
  RP_JSON_ERROR_SYNTAX,       /* not JSON: the message says where and what */
  RP_JSON_ERROR_TOO_DEEP,     /* nested deeper than the limit given */
  RP_JSON_ERROR_NOT_UTF8,     /* not UTF-8, or a NUL byte */
} RpJsonError;

typedef enum
{
  RP_JSON_NULL,
  RP_JSON_BOOLEAN,
  RP_JSON_INTEGER,            /* no fraction and no exponent, within gint64 */
  RP_JSON_DOUBLE,             /* a fraction or an exponent */
  RP_JSON_STRING,
  RP_JSON_ARRAY,
  RP_JSON_OBJECT,
} RpJsonType;

typedef struct _RpJsonNode   RpJsonNode;
typedef struct _RpJsonMember RpJsonMember;
typedef struct _RpJsonDoc    RpJsonDoc;

struct _RpJsonNode
{
  RpJsonType type;
  guint      length;          /* elements, members, or a string's bytes */
  union
  {
    gboolean      boolean;
    gint64        integer;
    double        number;
    const char   *string;     /* NUL-terminated; a \u0000 escape ends it early */
    RpJsonNode   *elements;
    RpJsonMember *members;    /* in the order sent, duplicates included */
  } v;
};

struct _RpJsonMember
{
  const char *name;
  RpJsonNode  value;
};

GQuark            rp_json_error_quark          (void);

RpJsonDoc        *rp_json_doc_parse            (const char        *data,
                                                gsize              length,
                                                guint              max_depth,
                                                GError           **error);
RpJsonNode       *rp_json_doc_get_root         (RpJsonDoc         *doc);
void              rp_json_doc_free             (RpJsonDoc         *doc);

RpJsonNode       *rp_json_object_get_member    (RpJsonNode        *object,
                                                const char        *name);
guint             rp_json_object_get_size      (RpJsonNode        *object);
RpJsonNode       *rp_json_object_get_only_member (RpJsonNode      *object,
                                                const char       **name);

static inline gboolean
rp_json_node_holds (const RpJsonNode *node,
                    RpJsonType        type)
{
  return node != NULL && node->type == type;
}

static inline guint
rp_json_array_get_length (const RpJsonNode *array)
{
  g_return_val_if_fail (array->type == RP_JSON_ARRAY, 0);
  return array->length;
}

static inline RpJsonNode *
rp_json_array_get_element (RpJsonNode *array,
                           guint       index)
{
  g_return_val_if_fail (array->type == RP_JSON_ARRAY && index < array->length, NULL);
  return &array->v.elements[index];
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpJsonDoc, rp_json_doc_free)

G_END_DECLS
