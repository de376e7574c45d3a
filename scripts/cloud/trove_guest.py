"""The guest agent the acceptance cloud's Trove talks to: Trove's own fake guest (trove.tests.fakes.guestagent).

The fake virt driver boots no operating system, so no real guest agent can run; this one answers Trove's task
manager in-process and keeps the databases and users it is asked for. Two changes to Trove's fake:
- Zed's task manager calls prepare(..., ds_version=...), which the fake predates: the argument is accepted.
- What it holds is written to a file, so a restart of Trove keeps the tenants' databases and users.
- Renaming a user or moving it to another host (PUT /instances/{id}/users/{user}) works and keeps the user's
  databases, as MySQL's RENAME USER does: the fake looks the old password up under the new host, failing with
  KeyError (an HTTP 500) whenever the host changes, and would drop the databases.
"""
import json
import os

from trove.common import exception as rd_exception
from trove.tests.fakes import guestagent as fake

STATE = "/var/lib/watercloud-cloud/trove-guests.json"


def _load():
    if not os.path.exists(STATE):
        return {}
    with open(STATE) as f:
        return json.load(f)


def _save():
    out = {}
    for gid, g in fake.DB.items():
        out[gid] = {
            "dbs": g.dbs,
            "users": [{"key": list(k), "value": v} for k, v in g.users.items()],
            "grants": [{"key": list(k), "value": sorted(v)} for k, v in g.grants.items()],
        }
    tmp = STATE + ".tmp"
    with open(tmp, "w") as f:
        json.dump(out, f)
    os.replace(tmp, STATE)


class Guest(fake.FakeGuest):
    def __init__(self, id):
        super().__init__(id)
        saved = _load().get(id)
        if saved:
            self.dbs = saved["dbs"]
            self.users = {tuple(u["key"]): u["value"] for u in saved["users"]}
            self.grants = {tuple(g["key"]): set(g["value"]) for g in saved["grants"]}

    def prepare(self, memory_mb, packages, databases, users, device_path=None, mount_point=None, backup_info=None,
                config_contents=None, root_password=None, overrides=None, cluster_config=None, snapshot=None,
                modules=None, ds_version=None):
        super().prepare(memory_mb, packages, databases, users, device_path, mount_point, backup_info,
                        config_contents, root_password, overrides, cluster_config, snapshot, modules)
        _save()

    def update_attributes(self, username, hostname, user_attrs):
        self._check_username(username)
        old = (username, hostname)
        if old not in self.users:
            raise rd_exception.UserNotFound("User %s@%s cannot be found on the instance." % old)
        new = (user_attrs.get("name") or username, user_attrs.get("host") or hostname)
        if new != old:
            # As MySQL's RENAME USER, which the real guest runs: the account keeps its password and its grants.
            self.users[new] = dict(self.users.pop(old), _name=new[0], _host=new[1])
            self.grants[new] = self.grants.pop(old, set())
        if user_attrs.get("password"):
            self.users[new]["_password"] = user_attrs["password"]


def _saving(name):
    base = getattr(Guest, name)

    def method(self, *args, **kwargs):
        result = base(self, *args, **kwargs)
        _save()
        return result

    return method


for _name in ("create_database", "create_user", "delete_database", "delete_user", "grant_access", "revoke_access",
              "change_passwords", "update_attributes"):
    setattr(Guest, _name, _saving(_name))


def create_guest_client(context, id, manager=None):
    if id not in fake.DB:
        fake.DB[id] = Guest(id)
    return fake.DB[id]
