"""Trove for the acceptance cloud, run by Debian's python3 (the OpenStack packages import only there).

  trove_service.py db-sync            create or migrate Trove's schema (trove-manage breaks on Python 3.11)
  trove_service.py datastores FILE    datastores and versions from site.json, with Trove's configuration rules
  trove_service.py run                the API and the task manager in one process, with the guest of trove_guest.py

The task manager creates real Nova servers, Cinder volumes and Neutron ports; only the guest agent inside the server
is Trove's fake (no guest operating system runs), and it shares the process so the fake can set the instance's
status as a real agent's heartbeat would.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = "/usr/lib/python3/dist-packages/trove/templates/{}/validation-rules.json"
def conf():
    """Trove's own start-up (eventlet, config, logging, RPC, database), as its commands do it."""
    sys.argv = ["trove", "--config-file", "/etc/trove/trove.conf"]
    from trove.cmd.common import initialize
    return initialize()


def db_sync():
    """Trove's migrations with only its configuration parsed. Trove's start-up (`conf()`) maps the ORM onto the
    tables, which do not exist on a fresh database (NoSuchTableError: instances), so it cannot run first."""
    from trove.common import cfg
    from trove.db.sqlalchemy import migration
    cfg.parse_args(["trove", "--config-file", "/etc/trove/trove.conf"])
    migration.db_sync(cfg.CONF)


def datastores(site_file):
    conf()
    from trove.configuration import models as config_models
    from trove.datastore import models as ds
    with open(site_file) as f:
        site = json.load(f)
    image = next(iter(site["hardenedImages"].values()))
    for d in site["datastores"]:
        engine, version = d["engine"], d["version"]
        ds.update_datastore(engine, None)
        ds.update_datastore_version(engine, version, engine, image, "", "", True, version=version)
        ds.update_datastore(engine, version)
        with open(RULES.format(engine)) as f:
            rules = json.load(f)
        # The rules Trove ships for the engine: what a site loads unless it writes its own.
        config_models.load_datastore_configuration_parameters(engine, version, RULES.format(engine), version_number=version)
        print(f"[trove] datastore {engine} {version} (image {image}, {len(rules['configuration-parameters'])} configuration rules)")


def run():
    sys.path.insert(0, HERE)
    c = conf()
    # As trove-fake-mode does it (trove/cmd/fakemode.py), with two differences: the API listens on the configured
    # address rather than 0.0.0.0, and the task manager decrypts RPC with the configured key as trove-taskmanager
    # does (fake mode gives it an empty key, so every request arrives without its context and fails).
    from trove.common import notification, wsgi
    from trove.common.rpc import service as rpc_service
    from trove.instance import models as inst_models
    from trove.taskmanager import api as task_api
    launcher = wsgi.launch("trove", c.bind_port, c.find_file(c.api_paste_config), workers=1, host=c.bind_host)
    notification.DBaaSAPINotification.register_notify_callback(inst_models.persist_instance_fault)
    key = c.taskmanager_rpc_encr_key if c.enable_secure_rpc_messaging else None
    rpc_service.RpcService(key=key, manager=c.taskmanager_manager, topic=c.taskmanager_queue,
                           rpc_api_version=task_api.API.API_LATEST_VERSION).start()  # runs until stopped
    launcher.wait()


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "db-sync":
        db_sync()
    elif cmd == "datastores" and len(sys.argv) == 3:
        datastores(sys.argv[2])
    elif cmd == "run":
        run()
    else:
        sys.exit("usage: trove_service.py db-sync | datastores SITE.json | run")
