#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A mock org.kde.StatusNotifierWatcher on the session bus.

Prints "ready" once it owns the name.  When an item registers, it reads the item's
properties and its com.canonical.dbusmenu layout and prints them as one JSON line; with
--click ID it then sends a "clicked" event for that menu item.
"""

import argparse
import json
import sys

from gi.repository import Gio, GLib

WATCHER_XML = """
<node>
  <interface name='org.kde.StatusNotifierWatcher'>
    <method name='RegisterStatusNotifierItem'>
      <arg name='service' type='s' direction='in'/>
    </method>
    <method name='RegisterStatusNotifierHost'>
      <arg name='service' type='s' direction='in'/>
    </method>
    <property name='RegisteredStatusNotifierItems' type='as' access='read'/>
    <property name='IsStatusNotifierHostRegistered' type='b' access='read'/>
    <property name='ProtocolVersion' type='i' access='read'/>
    <signal name='StatusNotifierItemRegistered'><arg type='s'/></signal>
  </interface>
</node>
"""

ITEM_IFACE = 'org.kde.StatusNotifierItem'
MENU_IFACE = 'com.canonical.dbusmenu'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--click', type=int, default=None)
    args = parser.parse_args()

    loop = GLib.MainLoop()
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    items = []

    def call(name, path, iface, method, params, reply_type):
        return bus.call_sync(name, path, iface, method, params,
                             GLib.VariantType.new(reply_type) if reply_type else None,
                             Gio.DBusCallFlags.NONE, 5000, None)

    def describe(name, path):
        props = call(name, path, 'org.freedesktop.DBus.Properties', 'GetAll',
                     GLib.Variant('(s)', (ITEM_IFACE,)), '(a{sv})').unpack()[0]
        menu_path = props['Menu']
        revision, layout = call(name, menu_path, MENU_IFACE, 'GetLayout',
                                GLib.Variant('(iias)', (0, -1, [])),
                                '(u(ia{sv}av))').unpack()
        entries = [{'id': child[0], 'label': child[1].get('label'),
                    'type': child[1].get('type', 'standard')} for child in layout[2]]
        version = call(name, menu_path, 'org.freedesktop.DBus.Properties', 'Get',
                       GLib.Variant('(ss)', (MENU_IFACE, 'Version')), '(v)').unpack()[0]
        tooltip = props['ToolTip']
        return {
            'service': name,
            'path': path,
            'Id': props['Id'],
            'Title': props['Title'],
            'Status': props['Status'],
            'Category': props['Category'],
            'IconName': props['IconName'],
            'Menu': menu_path,
            'MenuVersion': version,
            'ToolTipTitle': tooltip[2],
            'ToolTipText': tooltip[3],
            'entries': entries,
        }

    def on_registered(name, path):
        try:
            print(json.dumps(describe(name, path)), flush=True)
            if args.click is not None:
                menu = call(name, path, 'org.freedesktop.DBus.Properties', 'Get',
                            GLib.Variant('(ss)', (ITEM_IFACE, 'Menu')), '(v)').unpack()[0]
                call(name, menu, MENU_IFACE, 'Event',
                     GLib.Variant('(isvu)', (args.click, 'clicked', GLib.Variant('i', 0), 0)),
                     None)
        except GLib.Error as error:
            print(json.dumps({'error': error.message}), flush=True)
        return False

    def method_call(connection, sender, path, iface, method, params, invocation):
        if method == 'RegisterStatusNotifierItem':
            service = params.unpack()[0]
            if service.startswith('/'):
                name, item_path = sender, service
            else:
                name, item_path = service, '/StatusNotifierItem'
            items.append(name + item_path)
            invocation.return_value(None)
            connection.emit_signal(None, '/StatusNotifierWatcher',
                                   'org.kde.StatusNotifierWatcher',
                                   'StatusNotifierItemRegistered',
                                   GLib.Variant('(s)', (name + item_path,)))
            GLib.idle_add(on_registered, name, item_path)
        else:
            invocation.return_value(None)

    def get_property(connection, sender, path, iface, prop):
        if prop == 'RegisteredStatusNotifierItems':
            return GLib.Variant('as', items)
        if prop == 'IsStatusNotifierHostRegistered':
            return GLib.Variant('b', True)
        return GLib.Variant('i', 0)

    info = Gio.DBusNodeInfo.new_for_xml(WATCHER_XML)
    bus.register_object('/StatusNotifierWatcher', info.interfaces[0],
                        method_call, get_property, None)

    def acquired(connection, name):
        print('ready', flush=True)

    Gio.bus_own_name_on_connection(bus, 'org.kde.StatusNotifierWatcher',
                                   Gio.BusNameOwnerFlags.NONE, acquired, None)
    loop.run()


if __name__ == '__main__':
    sys.exit(main())
