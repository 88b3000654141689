/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-logistics-services"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "rp-account-connector.h"
#include "rp-logistics-services.h"

/* The services a seller may name when declaring a shipment change seldom, and the ship
 * dialog wants them at once: the marketplace's list is kept in the cache (a sync cursor
 * of the account) and asked again once a day. */

#define CURSOR_NAME     "logistics.services"
#define MAX_SERVICES    1000
#define MAX_TEXT_LENGTH 1024

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->result = g_object_ref (result);
}

static void
add_text (JsonBuilder *builder,
          const char  *name,
          const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/**
 * rp_logistics_services_to_json:
 * @services: (element-type RpLogisticsService)
 *
 * Returns: (transfer full): the cached form of @services
 */
char *
rp_logistics_services_to_json (GPtrArray *services,
                               gint64     fetched_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (services != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "fetched_at", fetched_at);
  json_builder_set_member_name (builder, "services");
  json_builder_begin_array (builder);
  for (guint i = 0; i < services->len; i++)
    {
      const RpLogisticsService *service = g_ptr_array_index (services, i);

      json_builder_begin_object (builder);
      add_text (builder, "service_name", service->service_name);
      add_text (builder, "display_name", service->display_name);
      add_text (builder, "company", service->company);
      add_text (builder, "tracking_no_regex", service->tracking_no_regex);
      add_int (builder, "min_process_days", service->min_process_days);
      add_int (builder, "max_process_days", service->max_process_days);
      add_int (builder, "recommend_order", service->recommend_order);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static gboolean
read_text (JsonObject  *object,
           const char  *name,
           gboolean     required,
           char       **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "A cached logistics service has no %s", name);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      (text = json_node_get_string (node)) == NULL ||
      strnlen (text, MAX_TEXT_LENGTH + 1) > MAX_TEXT_LENGTH ||
      !g_utf8_validate (text, -1, NULL) || (required && *text == '\0'))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The %s of a cached logistics service is not valid text", name);
      return FALSE;
    }

  *out = g_strdup (text);
  return TRUE;
}

static guint
read_uint (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;

  value = json_node_get_int (node);
  return value > 0 && value <= G_MAXINT32 ? (guint)value : 0;
}

/**
 * rp_logistics_services_from_json:
 * @fetched_at: (out): when the list came from the marketplace
 *
 * Returns: (transfer full) (element-type RpLogisticsService) (nullable): the services,
 *   or %NULL with @error when @json is not a list this code wrote
 */
GPtrArray *
rp_logistics_services_from_json (const char  *json,
                                 gint64      *fetched_at,
                                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_logistics_service_free);
  JsonObject *root;
  JsonNode *list;
  JsonArray *array;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (fetched_at != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  /* An empty text parses to no root at all. */
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The cached logistics services are not a JSON object");
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  list = json_object_get_member (root, "services");
  if (!json_object_has_member (root, "fetched_at") ||
      json_node_get_value_type (json_object_get_member (root, "fetched_at")) != G_TYPE_INT64 ||
      list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The cached logistics services lack their time or their list");
      return NULL;
    }

  *fetched_at = json_object_get_int_member (root, "fetched_at");
  array = json_node_get_array (list);
  if (json_array_get_length (array) > MAX_SERVICES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The cached logistics services are too many");
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      RpLogisticsService *service;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "A cached logistics service is not a JSON object");
          return NULL;
        }

      object = json_node_get_object (node);
      service = rp_logistics_service_new ();
      g_ptr_array_add (services, service);
      if (!read_text (object, "service_name", TRUE, &service->service_name, error) ||
          !read_text (object, "display_name", FALSE, &service->display_name, error) ||
          !read_text (object, "company", FALSE, &service->company, error) ||
          !read_text (object, "tracking_no_regex", FALSE, &service->tracking_no_regex, error))
        return NULL;
      service->min_process_days = read_uint (object, "min_process_days");
      service->max_process_days = read_uint (object, "max_process_days");
      service->recommend_order = read_uint (object, "recommend_order");
    }

  return g_steal_pointer (&services);
}

/* The marketplace's recommendation first (0 is none: last), then by name. */
static int
compare_services (gconstpointer a,
                  gconstpointer b)
{
  const RpLogisticsService *sa = *(const RpLogisticsService * const *)a;
  const RpLogisticsService *sb = *(const RpLogisticsService * const *)b;
  guint ra = sa->recommend_order > 0 ? sa->recommend_order : G_MAXUINT;
  guint rb = sb->recommend_order > 0 ? sb->recommend_order : G_MAXUINT;

  if (ra != rb)
    return ra < rb ? -1 : 1;

  return g_strcmp0 (sa->display_name != NULL ? sa->display_name : sa->service_name,
                    sb->display_name != NULL ? sb->display_name : sb->service_name);
}

static GPtrArray *
fetch (const RpStoreAccount  *account,
       GCancellable          *cancellable,
       GError               **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(RpMarketplace) marketplace = NULL;
  GPtrArray *services = NULL;
  Wait wait = { NULL };

  /* The connector answers on this thread's own context, not the caller's. */
  g_main_context_push_thread_default (context);

  marketplace = rp_account_connect (account, cancellable, error);
  if (marketplace != NULL)
    {
      rp_marketplace_list_logistics_services_async (marketplace, cancellable, wait_cb, &wait);
      while (wait.result == NULL)
        g_main_context_iteration (context, TRUE);
      services = rp_marketplace_list_logistics_services_finish (marketplace, wait.result, error);
      g_object_unref (wait.result);
    }

  g_clear_object (&marketplace);
  /* Whatever the connection left to finish (a closed socket) ends here. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);

  return services;
}

/**
 * rp_logistics_services_get_sync:
 *
 * Returns: (transfer full) (element-type RpLogisticsService): the services, or %NULL
 *   with @error when the cache has none from the last day and the marketplace cannot be
 *   asked
 */
GPtrArray *
rp_logistics_services_get_sync (RpStore               *store,
                                const RpStoreAccount  *account,
                                GCancellable          *cancellable,
                                GError               **error)
{
  g_autofree char *cached = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *services;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (RP_IS_STORE (store), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  cached = rp_store_get_cursor_sync (store, account->id, CURSOR_NAME, NULL);
  if (cached != NULL)
    {
      gint64 fetched_at = 0;

      services = rp_logistics_services_from_json (cached, &fetched_at, &local_error);
      /* A time ahead of ours is a clock that jumped back: ask again. */
      if (services != NULL && fetched_at <= now && now - fetched_at < RP_LOGISTICS_SERVICES_MAX_AGE)
        return services;
      if (services == NULL)
        g_debug ("Asking again for the logistics services: %s", local_error->message);
      g_clear_pointer (&services, g_ptr_array_unref);
    }

  services = fetch (account, cancellable, error);
  if (services == NULL)
    return NULL;

  g_ptr_array_sort (services, compare_services);

  /* Losing the copy only means asking again next time. */
  json = rp_logistics_services_to_json (services, now);
  g_clear_error (&local_error);
  if (!rp_store_set_cursor_sync (store, account->id, CURSOR_NAME, json, &local_error))
    g_debug ("Could not keep the logistics services: %s", local_error->message);

  return services;
}
