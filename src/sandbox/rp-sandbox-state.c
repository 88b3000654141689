/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sandbox"

#include "config.h"

#include <json-glib/json-glib.h>

#include "rp-sandbox-api.h"
#include "rp-sandbox-server-private.h"
#include "rp-sandbox-sim.h"

/* The world is not stored: it is regenerated from its seed, and the seller's
 * writes are replayed at the simulated times they happened.  Because the
 * simulation is deterministic, this gives back exactly the world that was
 * left, in a file that stays small. */

#define STATE_VERSION 1

static const char * const system_params[] = {
  "app_key", "sign", "sign_method", "timestamp", "session", "access_token", "partner_id",
  "format", "v", "simplify", "method",
};

static gboolean
is_system_param (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (system_params); i++)
    if (g_str_equal (name, system_params[i]))
      return TRUE;
  return FALSE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

void
rp_sb_state_record_write (RpSandboxServer *self,
                          gint64           sim_ms,
                          const char      *method,
                          GHashTable      *params)
{
  RpSbJson json;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!is_system_param (key))
      g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);

  rp_sb_json_init (&json, FALSE);
  rp_sb_json_begin_object (&json, NULL);
  rp_sb_json_int (&json, "t", sim_ms);
  rp_sb_json_string (&json, "method", method);
  rp_sb_json_begin_object (&json, "params");
  for (guint i = 0; i < keys->len; i++)
    rp_sb_json_string (&json, keys->pdata[i], g_hash_table_lookup (params, keys->pdata[i]));
  rp_sb_json_end_object (&json);
  rp_sb_json_end_object (&json);
  g_ptr_array_add (self->writes, rp_sb_json_finish (&json));

  self->dirty = TRUE;
  if (self->state_path != NULL)
    {
      g_autoptr(GError) error = NULL;

      /* Seller writes are saved at once: a crash must not lose them. */
      if (!rp_sb_state_save (self, &error))
        g_warning ("Could not save the world: %s", error->message);
    }
}

gboolean
rp_sb_state_save (RpSandboxServer  *self,
                  GError          **error)
{
  RpSbJson json;
  g_autofree char *text = NULL;

  if (self->state_path == NULL)
    return TRUE;

  rp_sb_json_init (&json, FALSE);
  rp_sb_json_begin_object (&json, NULL);
  rp_sb_json_int (&json, "version", STATE_VERSION);
  rp_sb_json_int (&json, "seed", (gint64)self->world->config.seed);
  rp_sb_json_int (&json, "orders", self->world->config.n_orders);
  rp_sb_json_int (&json, "buyers", self->world->config.n_buyers);
  rp_sb_json_int (&json, "start", self->world->config.start);
  rp_sb_json_int (&json, "now_ms", self->world->now_ms);
  rp_sb_oauth_write_state (self->oauth, &json);
  rp_sb_json_begin_array (&json, "writes");
  for (guint i = 0; i < self->writes->len; i++)
    {
      /* Already JSON: splice the text in. */
      if (i > 0)
        g_string_append_c (json.out, ',');
      g_string_append (json.out, self->writes->pdata[i]);
    }
  json.need_comma[json.depth] = self->writes->len > 0;
  rp_sb_json_end_array (&json);
  rp_sb_json_end_object (&json);
  text = rp_sb_json_finish (&json);

  if (!g_file_set_contents_full (self->state_path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, error))
    return FALSE;
  self->dirty = FALSE;
  return TRUE;
}

static gboolean
member_int (JsonObject  *obj,
            const char  *name,
            gint64      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The saved world has no valid “%s”", name);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
rp_sb_state_load (RpSandboxServer  *self,
                  gboolean         *out_loaded,
                  GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonArray *writes, *tokens;
  RpSbWorldConfig config = { 0, };
  gint64 version, seed, orders, buyers, start, now_ms;

  *out_loaded = FALSE;
  if (!g_file_test (self->state_path, G_FILE_TEST_EXISTS))
    return TRUE;

  if (!json_parser_load_from_mapped_file (parser, self->state_path, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The saved world %s is damaged: %s", self->state_path, local_error->message);
      return FALSE;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The saved world %s is not a JSON object", self->state_path);
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  if (!member_int (root, "version", &version, error) || !member_int (root, "seed", &seed, error) ||
      !member_int (root, "orders", &orders, error) || !member_int (root, "buyers", &buyers, error) ||
      !member_int (root, "start", &start, error) || !member_int (root, "now_ms", &now_ms, error))
    return FALSE;
  if (version != STATE_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The saved world has version %" G_GINT64_FORMAT "; this sandbox reads version %d",
                   version, STATE_VERSION);
      return FALSE;
    }
  if (orders < 0 || orders > 10000000 || buyers < 0 || buyers > 10000000)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The saved world has impossible sizes");
      return FALSE;
    }

  config.seed = (guint64)seed;
  config.n_orders = (guint)orders;
  config.n_buyers = (guint)buyers;
  config.start = start;
  self->world = rp_sb_world_new (&config);

  writes = json_object_has_member (root, "writes") ? json_object_get_array_member (root, "writes") : NULL;
  for (guint i = 0; writes != NULL && i < json_array_get_length (writes); i++)
    {
      JsonNode *node = json_array_get_element (writes, i);
      JsonObject *w, *params_obj;
      g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autoptr(GList) names = NULL;
      g_autofree char *body = NULL;
      gint64 t;
      const char *method;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      w = json_node_get_object (node);
      method = json_object_get_string_member_with_default (w, "method", NULL);
      params_obj = json_object_has_member (w, "params") ? json_object_get_object_member (w, "params") : NULL;
      if (method == NULL || params_obj == NULL || !member_int (w, "t", &t, NULL))
        continue;

      names = json_object_get_members (params_obj);
      for (GList *l = names; l != NULL; l = l->next)
        g_hash_table_insert (params, g_strdup (l->data),
                             g_strdup (json_object_get_string_member_with_default (params_obj, l->data, "")));

      rp_sb_sim_run_until (self->world, t);
      body = rp_sb_api_call (self->world, method, params, FALSE, "replay", NULL, NULL);
      g_ptr_array_add (self->writes, json_to_string (node, FALSE));
    }

  rp_sb_sim_run_until (self->world, MAX (now_ms, self->world->now_ms));

  tokens = json_object_has_member (root, "tokens") ? json_object_get_array_member (root, "tokens") : NULL;
  for (guint i = 0; tokens != NULL && i < json_array_get_length (tokens); i++)
    {
      JsonNode *node = json_array_get_element (tokens, i);
      JsonObject *t;
      gint64 expire, refresh_expire;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      t = json_node_get_object (node);
      if (!member_int (t, "expire_time", &expire, NULL) ||
          !member_int (t, "refresh_token_valid_time", &refresh_expire, NULL) ||
          json_object_get_string_member_with_default (t, "access_token", NULL) == NULL ||
          json_object_get_string_member_with_default (t, "refresh_token", NULL) == NULL)
        continue;
      rp_sb_oauth_add_token (self->oauth,
                             json_object_get_string_member (t, "access_token"),
                             json_object_get_string_member (t, "refresh_token"),
                             expire, refresh_expire);
    }

  /* Continue where the world stopped, at the speed asked for now. */
  rp_sandbox_server_reanchor (self, self->world->now_ms, self->options.speed);
  *out_loaded = TRUE;
  return TRUE;
}
