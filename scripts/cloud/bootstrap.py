"""Bootstraps the acceptance cloud over openstacksdk, idempotently (run by Debian's /usr/bin/python3).

  bootstrap.py identity   service project, users, roles, the catalogue (Keystone only needs to be up)
  bootstrap.py site       the platform's site from site.json (scripts/cloud/site.ts reads the platform file):
                          availability zones, flavors, hardened images with the file's ids, encrypted volume
                          types, the external network, Trove datastores; checks Swift's storage policies

Every step looks before it creates, so a second run changes nothing. Passwords come from the root-only secrets file
that configure.sh generated; nothing here prints them.
"""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import openstack

STATE = "/var/lib/watercloud-cloud"
HOST = "127.0.0.1"
# Roles a site gives its tenants besides Keystone's own admin/member/reader: Octavia's and Barbican's.
SITE_ROLES = ["service", "creator", "load-balancer_member", "load-balancer_observer", "ResellerAdmin"]
SERVICES = [
    # name, type, port, path, service user
    ("glance", "image", 9292, "", "glance"),
    ("placement", "placement", 8778, "", "placement"),
    ("nova", "compute", 8774, "/v2.1", "nova"),
    ("neutron", "network", 9696, "", "neutron"),
    ("cinderv3", "volumev3", 8776, "/v3/%(project_id)s", "cinder"),
    ("cinder", "block-storage", 8776, "/v3/%(project_id)s", None),
    ("barbican", "key-manager", 9311, "", "barbican"),
    ("octavia", "load-balancer", 9876, "", "octavia"),
    ("swift", "object-store", 8080, "/v1/AUTH_%(project_id)s", "swift"),
    ("trove", "database", 8779, "/v1.0/%(project_id)s", "trove"),
]
# The external network's addresses: a documentation range (RFC 5737); no traffic leaves the machine.
EXTERNAL_CIDR = "198.51.100.0/24"
ENCRYPTION = {"provider": "luks", "cipher": "aes-xts-plain64", "key_size": 256, "control_location": "front-end"}


def log(msg):
    print(f"[bootstrap] {msg}", file=sys.stderr, flush=True)


def secrets():
    out = {}
    with open(f"{STATE}/secrets.env") as f:
        for line in f:
            k, _, v = line.strip().partition("=")
            if k:
                out[k] = v
    return out


def site():
    with open(f"{STATE}/site.json") as f:
        return json.load(f)


def connect():
    return openstack.connect(cloud="watercloud")


# --- identity -------------------------------------------------------------------------------------------------------
def authenticates(user, password):
    """Whether the service user can get a token with this password (Keystone's POST /v3/auth/tokens)."""
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user, "domain": {"id": "default"}, "password": password}}}}}
    req = urllib.request.Request(f"http://{HOST}:5000/v3/auth/tokens", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status == 201
    except urllib.error.HTTPError as e:
        if e.code == 401:
            return False
        raise


def identity(conn, region):
    pw = secrets()["SERVICE_PASSWORD"]
    ident = conn.identity
    domain = ident.find_domain("default")
    service_project = ident.find_project("service", domain_id=domain.id) or ident.create_project(
        name="service", domain_id=domain.id, description="OpenStack service users"
    )
    admin_role = ident.find_role("admin")
    for r in SITE_ROLES:
        ident.find_role(r) or ident.create_role(name=r)
    for name, stype, port, path, user in SERVICES:
        if user:
            u = ident.find_user(user, domain_id=domain.id)
            if u is None:
                u = ident.create_user(name=user, password=pw, domain_id=domain.id, default_project_id=service_project.id)
            elif not authenticates(user, pw):
                # Only when the password no longer works: a password update revokes every token the user holds, and
                # a running Nova or Cinder keeps using its cached service token, so a reset on a running cloud makes
                # the next volume attach fail with 401 (and the host go to ERROR).
                ident.update_user(u, password=pw)
            ident.assign_project_role_to_user(service_project, u, admin_role)
            # The service role marks a service's token as a service's (Cinder checks it on Nova's attachment calls).
            ident.assign_project_role_to_user(service_project, u, ident.find_role("service"))
        svc = next((s for s in ident.services() if s.type == stype), None) or ident.create_service(
            name=name, type=stype, description=f"{name} ({stype})"
        )
        url = f"http://{HOST}:{port}{path}"
        have = {e.interface: e for e in ident.endpoints(service_id=svc.id, region_id=region)}
        for iface in ("public", "internal", "admin"):
            e = have.get(iface)
            if e is None:
                ident.create_endpoint(service_id=svc.id, interface=iface, url=url, region_id=region)
            elif e.url != url:
                ident.update_endpoint(e, url=url)
    log(f"identity: service project, {len(SERVICES)} services in region {region}, roles {', '.join(SITE_ROLES)}")


# --- site -----------------------------------------------------------------------------------------------------------
def wait(what, seconds, probe):
    deadline = time.time() + seconds
    while True:
        got = probe()
        if got:
            return got
        if time.time() > deadline:
            sys.exit(f"[bootstrap] error: {what} not ready after {seconds} s (logs: /var/log/watercloud-cloud)")
        time.sleep(2)


def zones(conn, s):
    hosts = {f"compute-{z}": z for z in s["availabilityZones"]}

    def computes_up():
        up = {x.host for x in conn.compute.services() if x.binary == "nova-compute" and x.state == "up"}
        return up >= set(hosts)

    wait("the fake compute hosts", 180, computes_up)
    # Map the new compute hosts into the cell (the scheduler also does this every 10 s).
    subprocess.run(["nova-manage", "cell_v2", "discover_hosts"], check=True, capture_output=True)
    wait("the compute hypervisors", 120, lambda: {h.name for h in conn.compute.hypervisors()} >= set(hosts))
    aggregates = {a.name: a for a in conn.compute.aggregates()}
    for host, z in hosts.items():
        a = aggregates.get(z) or conn.compute.create_aggregate(name=z, availability_zone=z)
        if host not in (a.hosts or []):
            conn.compute.add_host_to_aggregate(a, host)
    agents = lambda: {a.host for a in conn.network.agents() if a.is_alive} >= set(hosts)  # noqa: E731
    wait("the network agents", 120, agents)
    # Cinder's zones come from its backends (configure.sh: one per zone); check the service saw them.
    vol = conn.block_storage

    def cinder_zones():
        r = vol.get("/os-availability-zone").json()
        return {x["zoneName"] for x in r["availabilityZoneInfo"] if x["zoneState"]["available"]} >= set(hosts.values())

    wait("Cinder's availability zones", 120, cinder_zones)
    log(f"site: availability zones {', '.join(hosts.values())} (Nova aggregates, Cinder backends)")


def flavors(conn, s):
    for name, spec in s["flavors"].items():
        ram = int(spec["ramGb"] * 1024)
        # The platform file's id (Trove takes flavor ids); a flavor without one gets its name as id.
        fid = spec.get("id") or name
        f = conn.compute.find_flavor(name)
        if f is not None and (f.vcpus != spec["vcpus"] or f.ram != ram or f.id != fid):
            conn.compute.delete_flavor(f)
            f = None
        if f is None:
            conn.compute.create_flavor(id=fid, name=name, vcpus=spec["vcpus"], ram=ram, disk=0, is_public=True)
    log(f"site: flavors {', '.join(s['flavors'])}")


def tiny_image(name):
    """A tiny raw disk made here: 1 MiB with a label, enough for Cinder to copy into a volume."""
    data = bytearray(1024 * 1024)
    label = f"watercloud hardened image {name}\n".encode()
    data[: len(label)] = label
    return bytes(data)


def images(conn, s):
    img = conn.image
    for name, image_id in s["hardenedImages"].items():
        r = img.get(f"/images/{image_id}")
        if r.status_code == 404:
            body = {"id": image_id, "name": name, "disk_format": "raw", "container_format": "bare", "visibility": "public",
                    "os_distro": name.split("-")[0], "hw_disk_bus": "virtio"}
            c = img.post("/images", json=body)
            if c.status_code == 409:
                sys.exit(f"[bootstrap] error: image id {image_id} ({name}) was used before and deleted; Glance never reuses an id. "
                         "Give the image a new id in stacks/Pulumi.platform.yaml or reset Glance's database.")
            c.raise_for_status()
            status = "queued"
        else:
            r.raise_for_status()
            got = r.json()
            if got["name"] != name:
                sys.exit(f"[bootstrap] error: image {image_id} is named {got['name']!r}, the platform file says {name!r}")
            status = got["status"]
        if status == "queued":
            data = tiny_image(name)
            u = img.put(f"/images/{image_id}/file", data=data, headers={"Content-Type": "application/octet-stream"})
            u.raise_for_status()
        wait(f"image {name}", 60, lambda: img.get(f"/images/{image_id}").json()["status"] == "active")
    log(f"site: hardened images {', '.join(f'{n}={i}' for n, i in s['hardenedImages'].items())}")


def volume_types(conn, s):
    vol = conn.block_storage
    existing = {t["name"]: t for t in vol.get("/types?is_public=None").json()["volume_types"]}
    for name in s["encryptedVolumeTypes"]:
        t = existing.get(name)
        if t is None:
            t = vol.post("/types", json={"volume_type": {"name": name, "os-volume-type-access:is_public": True,
                                                         "description": "LUKS, key in Barbican"}}).json()["volume_type"]
        enc = vol.get(f"/types/{t['id']}/encryption").json()
        if not enc or not enc.get("provider"):
            vol.post(f"/types/{t['id']}/encryption", json={"encryption": ENCRYPTION}).raise_for_status()
        elif any(enc.get(k) != v for k, v in ENCRYPTION.items()):
            sys.exit(f"[bootstrap] error: volume type {name} is encrypted differently ({enc}); expected {ENCRYPTION}")
    log(f"site: encrypted volume types {', '.join(s['encryptedVolumeTypes'])} ({ENCRYPTION['provider']}, {ENCRYPTION['cipher']})")


def external_network(conn, s):
    net = conn.network
    name = s["externalNetwork"]
    n = net.find_network(name)
    if n is None:
        n = net.create_network(name=name, is_router_external=True, is_shared=False, provider_network_type="flat",
                               provider_physical_network="external")
    sub_name = f"{name}-v4"
    if net.find_subnet(sub_name, network_id=n.id) is None:
        net.create_subnet(name=sub_name, network_id=n.id, ip_version=4, cidr=EXTERNAL_CIDR, is_dhcp_enabled=False,
                          gateway_ip="198.51.100.1", allocation_pools=[{"start": "198.51.100.10", "end": "198.51.100.250"}])
    log(f"site: external network {name} ({EXTERNAL_CIDR}, flat)")


def storage_policies(conn, s):
    info = conn.session.get(f"http://{HOST}:8080/info", authenticated=False).json()
    have = [p["name"] for p in info["swift"].get("policies", [])]
    if sorted(have) != sorted(s["storagePolicies"]):
        sys.exit(f"[bootstrap] error: Swift's storage policies are {have}, the platform file says {s['storagePolicies']} "
                 "(configure.sh writes them; run npm run cloud:up again)")
    if "object_versioning" not in info:
        sys.exit("[bootstrap] error: Swift's object versioning is off (proxy-server.conf versioned_writes)")
    log(f"site: Swift storage policies {', '.join(have)}, object versioning on")


def datastores(s):
    if not s["datastores"]:
        return
    # Trove has no API to create a datastore: trove-manage's functions do it (trove_service.py runs them).
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run([sys.executable, f"{here}/trove_service.py", "datastores", f"{STATE}/site.json"], check=True,
                   stdout=subprocess.DEVNULL, stderr=open("/var/log/watercloud-cloud/trove-datastores.log", "w"))
    log(f"site: Trove datastores {', '.join(d['engine'] + ' ' + d['version'] for d in s['datastores'])}")


# The platform's own projects: the platform stack runs as admin (its clusters, bastion and their volumes), Trove's
# instances live in the service project. Tenants get theirs from their stacks (TenantProject sets quotas).
PLATFORM_QUOTAS = {
    "compute": {"instances": 100, "cores": 400, "ram": 800 * 1024},
    "volume": {"gigabytes": 20000, "volumes": 200, "snapshots": 200},
}


def platform_quotas(conn):
    for name in ("admin", "service"):
        p = conn.identity.find_project(name, domain_id="default")
        conn.compute.put(f"/os-quota-sets/{p.id}", json={"quota_set": PLATFORM_QUOTAS["compute"]}).raise_for_status()
        conn.block_storage.put(f"/os-quota-sets/{p.id}", json={"quota_set": PLATFORM_QUOTAS["volume"]}).raise_for_status()
    log("site: quotas of the platform's projects (admin, service)")


def default_security_groups(conn):
    """Neutron makes a project's `default` security group on the project's first use of the network API. For the
    platform's own projects that would be Trove's first instance, midway through whatever runs first, and the cloud
    would differ from what the bootstrap left; made here (creating any group in a project makes it), it is part of
    what the bootstrap leaves, like the projects themselves."""
    for name in ("admin", "service"):
        p = conn.identity.find_project(name, domain_id="default")
        if not list(conn.network.security_groups(project_id=p.id, name="default")):
            probe = conn.network.create_security_group(name="watercloud-bootstrap-probe", project_id=p.id)
            conn.network.delete_security_group(probe)
        if not list(conn.network.security_groups(project_id=p.id, name="default")):
            sys.exit(f"[bootstrap] error: Neutron made no default security group for project {name}")
    log("site: Neutron's default security groups of the platform's projects (admin, service)")


def main():
    phase = sys.argv[1] if len(sys.argv) > 1 else ""
    s = site()
    conn = connect()
    if phase == "identity":
        identity(conn, s["region"])
    elif phase == "site":
        zones(conn, s)
        platform_quotas(conn)
        default_security_groups(conn)
        flavors(conn, s)
        images(conn, s)
        volume_types(conn, s)
        external_network(conn, s)
        storage_policies(conn, s)
        datastores(s)
    else:
        sys.exit("usage: bootstrap.py identity|site")


if __name__ == "__main__":
    main()
