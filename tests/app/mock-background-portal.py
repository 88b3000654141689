#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A mock org.freedesktop.portal.Desktop with the Background interface.

RequestBackground answers through a Request object at the path the caller can predict from
its handle_token, as the real portal does, and prints the options it got as one JSON line.
With --deny the user says no.
"""

import argparse
import json
import sys

from gi.repository import Gio, GLib

PORTAL_XML = """
<node>
  <interface name='org.freedesktop.portal.Background'>
    <method name='RequestBackground'>
      <arg type='s' name='parent_window' direction='in'/>
      <arg type='a{sv}' name='options' direction='in'/>
      <arg type='o' name='handle' direction='out'/>
    </method>
    <property name='version' type='u' access='read'/>
  </interface>
</node>
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--deny', action='store_true')
    args = parser.parse_args()

    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)

    def respond(sender_path, token):
        path = '/org/freedesktop/portal/desktop/request/%s/%s' % (sender_path, token)
        if args.deny:
            params = GLib.Variant('(ua{sv})', (1, {}))
        else:
            params = GLib.Variant('(ua{sv})', (0, {'background': GLib.Variant('b', True),
                                                   'autostart': GLib.Variant('b', True)}))
        bus.emit_signal(None, path, 'org.freedesktop.portal.Request', 'Response', params)
        return False

    def method_call(connection, sender, path, iface, method, params, invocation):
        parent, options = params.unpack()
        token = options.get('handle_token', 'none')
        sender_path = sender[1:].replace('.', '_')
        print(json.dumps({'parent': parent, 'options': options}), flush=True)
        invocation.return_value(GLib.Variant(
            '(o)', ('/org/freedesktop/portal/desktop/request/%s/%s' % (sender_path, token),)))
        GLib.timeout_add(100, respond, sender_path, token)

    def get_property(connection, sender, path, iface, prop):
        return GLib.Variant('u', 1)

    info = Gio.DBusNodeInfo.new_for_xml(PORTAL_XML)
    bus.register_object('/org/freedesktop/portal/desktop', info.interfaces[0],
                        method_call, get_property, None)

    def acquired(connection, name):
        print('ready', flush=True)

    Gio.bus_own_name_on_connection(bus, 'org.freedesktop.portal.Desktop',
                                   Gio.BusNameOwnerFlags.NONE, acquired, None)
    GLib.MainLoop().run()


if __name__ == '__main__':
    sys.exit(main())
