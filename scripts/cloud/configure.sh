#!/usr/bin/env bash
# Configure the acceptance cloud: generated passwords (once, root-only, outside the repository), every service's
# config file written whole (so a re-run converges on the same files), the databases, the message queue user, the
# one-OSD Ceph that holds Cinder's volumes, Swift's rings, Octavia's certificates, and each service's schema.
# Idempotent: the schema migrations run again only when the packages or this script changed (a stamp records both).
# Needs the infrastructure services running (start.sh infra) for the database steps.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib.sh"

install -d -m 700 "$CLOUD_STATE"
install -d -m 755 "$CLOUD_LOGS" "$CLOUD_RUN"

# --- site facts, from the platform file through the project's loader -------------------------------------------
if ! (cd "$CLOUD_REPO" && npx --no-install tsx scripts/cloud/site.ts > "$CLOUD_SITE.new"); then
	rm -f "$CLOUD_SITE.new"
	die "the platform file could not be read (above); fix it and run npm run cloud:up again"
fi
mv "$CLOUD_SITE.new" "$CLOUD_SITE"
REGION=$(site_get 's["region"]')
ZONES=($(site_get 's["availabilityZones"]'))
POLICIES=($(site_get 's["storagePolicies"]'))
SITES=($(site_get 's["approvedSites"]'))
# The site's Trove as the platform file describes it (databaseService); Trove's defaults when it says nothing.
TROVE_MAX_GB=$(site_get '(s["databaseService"] or {}).get("volumeGb", {}).get("max", 10)')
TROVE_VOLUME_TYPE=$(site_get '(s["databaseService"] or {}).get("volumeType", "")')
TROVE_ACCESS_CHECK=$(site_get 'str((s["databaseService"] or {}).get("accessCheck", True)).lower()')

# --- secrets: generated once, readable by root only --------------------------------------------------------------
# Each is generated the first time it is missing; a later run keeps it.
umask 077
touch "$CLOUD_SECRETS"
umask 022
secret() { # name, generator...
	grep -q "^$1=" "$CLOUD_SECRETS" && return 0
	local name=$1
	shift
	echo "$name=$("$@")" >> "$CLOUD_SECRETS"
}
hex16() { openssl rand -hex 16; }
for s in ADMIN_PASSWORD SERVICE_PASSWORD DB_PASSWORD RABBIT_PASSWORD SWIFT_HASH OCTAVIA_CERT_PASSPHRASE \
	OCTAVIA_HEARTBEAT_KEY TROVE_RPC_KEY SWIFT_SYNC_REALM_KEY; do
	secret $s hex16
done
secret BARBICAN_KEK openssl rand -base64 32
secret CEPH_FSID cat /proc/sys/kernel/random/uuid
chmod 600 "$CLOUD_SECRETS"
source "$CLOUD_SECRETS"

KEYSTONE=http://$HOST_IP:5000

# --- the admin credentials: /etc/openstack/clouds.yaml entry `watercloud` (root only; other entries are kept) -------
install -d -m 755 /etc/openstack
ADMIN_PASSWORD=$ADMIN_PASSWORD REGION=$REGION AUTH_URL=$KEYSTONE/v3 "$PYTHON" - <<'PY'
import os, yaml
path = "/etc/openstack/clouds.yaml"
doc = {}
if os.path.exists(path):
    with open(path) as f:
        doc = yaml.safe_load(f) or {}
doc.setdefault("clouds", {})["watercloud"] = {
    "auth": {"auth_url": os.environ["AUTH_URL"], "username": "admin", "password": os.environ["ADMIN_PASSWORD"],
             "project_name": "admin", "user_domain_name": "Default", "project_domain_name": "Default"},
    "region_name": os.environ["REGION"], "interface": "public", "identity_api_version": 3,
}
fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w") as f:
    yaml.safe_dump(doc, f, default_flow_style=False)
os.replace(path + ".tmp", path)
PY
RABBIT=rabbit://openstack:$RABBIT_PASSWORD@$HOST_IP:5672/
db() { echo "mysql+pymysql://$1:$DB_PASSWORD@$HOST_IP/$1?charset=utf8"; }

# A [keystone_authtoken] section for service $1, and a service-user auth block for section $2 (same user).
authtoken() {
	cat <<-EOF
		[keystone_authtoken]
		www_authenticate_uri = $KEYSTONE
		auth_url = $KEYSTONE
		memcached_servers = $HOST_IP:11211
		region_name = $REGION
		auth_type = password
		project_domain_name = Default
		user_domain_name = Default
		project_name = service
		username = $1
		password = $SERVICE_PASSWORD
	EOF
}
svcauth() {
	cat <<-EOF
		[$1]
		auth_url = $KEYSTONE
		auth_type = password
		project_domain_name = Default
		user_domain_name = Default
		project_name = service
		username = $2
		password = $SERVICE_PASSWORD
		region_name = $REGION
	EOF
}
# Writes stdin to $1 with mode 640 (config files carry service passwords); an unchanged file keeps its time, so
# start.sh restarts only the services whose configuration changed.
put() {
	install -d "$(dirname "$1")"
	umask 027
	cat > "$1.tmp"
	umask 022
	if cmp -s "$1.tmp" "$1"; then rm -f "$1.tmp"; else mv "$1.tmp" "$1"; fi
}

# --- infrastructure -----------------------------------------------------------------------------------------------
# READ-COMMITTED: Barbican replaces a secret's metadata by deleting its rows and inserting the new ones; under
# InnoDB's default REPEATABLE-READ two tenants doing so at once take gap locks and deadlock (HTTP 500, "Secret
# metadata creation failure", DBDeadlock 1213, seen with five tenants deploying side by side). Read-committed takes
# no gap locks, as OpenStack's clustered deployments run MySQL.
mariadb_cnf=/etc/mysql/mariadb.conf.d/99-watercloud.cnf
mariadb_before=$(cat "$mariadb_cnf" 2> /dev/null || true)
put "$mariadb_cnf" <<EOF
[mysqld]
bind-address = $HOST_IP
max_connections = 2000
innodb_buffer_pool_size = 256M
skip-name-resolve
transaction-isolation = READ-COMMITTED
EOF
chmod 644 "$mariadb_cnf"
if [ "$mariadb_before" != "$(cat "$mariadb_cnf")" ] && mysqladmin ping > /dev/null 2>&1; then
	log "configure: MariaDB's configuration changed; restarting it"
	/etc/init.d/mariadb restart > /dev/null
fi
put /etc/rabbitmq/rabbitmq-env.conf <<EOF
NODE_IP_ADDRESS=$HOST_IP
NODENAME=rabbit@localhost
EOF
chmod 644 /etc/rabbitmq/rabbitmq-env.conf

# --- Keystone -------------------------------------------------------------------------------------------------------
put /etc/keystone/keystone.conf <<EOF
[DEFAULT]
[database]
connection = $(db keystone)
[token]
provider = fernet
expiration = 14400
[cache]
enabled = true
backend = oslo_cache.memcache_pool
memcache_servers = $HOST_IP:11211
EOF

# --- Glance ---------------------------------------------------------------------------------------------------------
put /etc/glance/glance-api.conf <<EOF
[DEFAULT]
bind_host = $HOST_IP
bind_port = 9292
workers = 1
show_image_direct_url = false
[database]
connection = $(db glance)
$(authtoken glance)
[paste_deploy]
flavor = keystone
[glance_store]
stores = file
default_store = file
filesystem_store_datadir = /var/lib/glance/images/
[oslo_concurrency]
lock_path = /var/lib/glance/lock
EOF
install -d /var/lib/glance/images /var/lib/glance/lock

# --- Placement ------------------------------------------------------------------------------------------------------
put /etc/placement/placement.conf <<EOF
[DEFAULT]
[api]
auth_strategy = keystone
[placement_database]
connection = $(db placement)
$(authtoken placement)
EOF

# --- Nova: API, conductor, scheduler and one fake compute host per availability zone --------------------------------
put /etc/nova/nova.conf <<EOF
[DEFAULT]
transport_url = $RABBIT
my_ip = $HOST_IP
enabled_apis = osapi_compute
osapi_compute_listen = $HOST_IP
osapi_compute_workers = 1
state_path = /var/lib/nova
compute_driver = fake.FakeDriver
# Cinder makes each boot volume (a LUKS header per volume, CPU-bound): wait up to 15 min, not 3, for a stack's worth.
block_device_allocate_retries = 300
block_device_allocate_retries_interval = 3
# The fake driver boots nothing, so there is no guest to reach the metadata service.
[api]
auth_strategy = keystone
[api_database]
connection = $(db nova_api)
[database]
connection = $(db nova)
$(authtoken nova)
$(svcauth placement placement)
$(svcauth neutron neutron)
[cinder]
os_region_name = $REGION
[glance]
region_name = $REGION
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 10
[oslo_concurrency]
lock_path = /var/lib/nova/tmp
[wsgi]
api_paste_config = /etc/nova/api-paste.ini
# Cinder (the CVE-2023-2088 fix Debian carries) lets only Nova delete a Nova attachment: Nova proves it with a
# service token of a user holding the service role.
$(svcauth service_user nova)
send_service_user_token = true
EOF
for h in $(compute_hosts); do
	put "/etc/nova/$h.conf" <<-EOF
		[DEFAULT]
		host = $h
	EOF
done
install -d /var/lib/nova/tmp /var/lib/nova/instances

# --- Neutron: ML2 with linuxbridge (no Open vSwitch module here), one agent per compute host so ports bind ----------
put /etc/neutron/neutron.conf <<EOF
[DEFAULT]
bind_host = $HOST_IP
bind_port = 9696
core_plugin = ml2
service_plugins = router
auth_strategy = keystone
transport_url = $RABBIT
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 1
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
state_path = /var/lib/neutron
[database]
connection = $(db neutron)
$(authtoken neutron)
[oslo_concurrency]
lock_path = /var/lib/neutron/lock
[experimental]
linuxbridge = true
[agent]
root_helper = sudo /usr/bin/neutron-rootwrap /etc/neutron/rootwrap.conf
EOF
put /etc/neutron/plugins/ml2/ml2_conf.ini <<EOF
[ml2]
type_drivers = flat,vxlan
tenant_network_types = vxlan
mechanism_drivers = linuxbridge
extension_drivers = port_security
[ml2_type_flat]
flat_networks = external
[ml2_type_vxlan]
vni_ranges = 1:4000
EOF
put /etc/neutron/plugins/ml2/linuxbridge_agent.ini <<EOF
[linux_bridge]
physical_interface_mappings = external:wc-ext0
[vxlan]
enable_vxlan = true
local_ip = $HOST_IP
l2_population = false
[securitygroup]
# The rules live in Neutron's API either way; no guest traffic crosses these bridges (the fake driver boots none).
enable_security_group = true
firewall_driver = noop
EOF
for h in $(compute_hosts); do
	put "/etc/neutron/agent-$h.ini" <<-EOF
		[DEFAULT]
		host = $h
	EOF
done
install -d /var/lib/neutron/lock

# --- Ceph: one monitor and one file-backed BlueStore OSD, for Cinder's RBD volumes ------------------------------------
put /etc/ceph/ceph.conf <<EOF
[global]
fsid = $CEPH_FSID
mon_host = $HOST_IP:6789
mon_initial_members = a
# Loopback only: cephx adds nothing a root-only machine does not already have.
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
osd_crush_chooseleaf_type = 0
ms_bind_ipv4 = true
ms_bind_ipv6 = false
public_network = 127.0.0.0/8
mon_data_avail_warn = 5
mon_warn_on_pool_no_redundancy = false
mon_warn_on_insecure_global_id_reclaim_allowed = false
mon_data_avail_crit = 2
log_file = /var/log/ceph/\$cluster-\$name.log
run_dir = /run/ceph
pid_file = /run/ceph/\$cluster-\$name.pid
[mon]
mon_data = /var/lib/ceph/mon/ceph-\$id
mon_allow_pool_delete = true
[osd]
osd_data = /var/lib/ceph/osd/ceph-\$id
osd_objectstore = bluestore
bluestore_block_path = /var/lib/ceph/osd/ceph-\$id.block
bluestore_block_create = true
# Sparse: the file takes only what is written. Thin-provisioned volumes can exceed it (Cinder over-subscribes).
bluestore_block_size = 107374182400
osd_memory_target = 939524096
# The OSD is placed in the CRUSH map once, by this script (osd crush add below), so it need not tell the monitor its
# location and device class at every start: those commands, sent before the OSD's monitor client has the cluster's
# fsid, were refused ("wrong fsid", exit 250) in one fresh configure out of several.
osd_crush_update_on_start = false
osd_class_update_on_start = false
EOF
chmod 644 /etc/ceph/ceph.conf
install -d /run/ceph /var/log/ceph /var/lib/ceph/mon /var/lib/ceph/osd
if [ ! -e /var/lib/ceph/mon/ceph-a/store.db ]; then
	tmp=$(mktemp -d)
	monmaptool --create --add a "$HOST_IP:6789" --fsid "$CEPH_FSID" "$tmp/monmap" > /dev/null
	ceph-authtool --create-keyring "$tmp/mon.keyring" --gen-key -n mon. --cap mon 'allow *' > /dev/null
	rm -rf /var/lib/ceph/mon/ceph-a
	ceph-mon -i a --mkfs --monmap "$tmp/monmap" --keyring "$tmp/mon.keyring" --setuser root --setgroup root
	rm -rf "$tmp"
	log "configure: made the Ceph monitor"
fi

# --- Cinder: one RBD backend per availability zone (its own pool), keys in Barbican ------------------------------------
{
	cat <<-EOF
		[DEFAULT]
		transport_url = $RABBIT
		auth_strategy = keystone
		my_ip = $HOST_IP
		osapi_volume_listen = $HOST_IP
		osapi_volume_workers = 1
		state_path = /var/lib/cinder
		enabled_backends = $(printf 'rbd-%s,' "${ZONES[@]}" | sed 's/,$//')
		storage_availability_zone = ${ZONES[0]}
		default_availability_zone = ${ZONES[0]}
		image_conversion_dir = /var/lib/cinder/conversion
		glance_api_version = 2
		[database]
		connection = $(db cinder)
		$(authtoken cinder)
		service_token_roles_required = true
		$(svcauth nova cinder)
		[oslo_concurrency]
		lock_path = /var/lib/cinder/lock
		[key_manager]
		backend = barbican
		[barbican]
		auth_endpoint = $KEYSTONE/v3
		barbican_endpoint_type = public
	EOF
	for z in "${ZONES[@]}"; do
		cat <<-EOF
			[rbd-$z]
			volume_driver = cinder_rbd.RBDDriver
			volume_backend_name = rbd-$z
			backend_availability_zone = $z
			rbd_pool = volumes-$z
			rbd_ceph_conf = /etc/ceph/ceph.conf
			rbd_user = admin
			rbd_flatten_volume_from_snapshot = false
			max_over_subscription_ratio = 50
			report_discard_supported = true
		EOF
	done
} | put /etc/cinder/cinder.conf
install -d /var/lib/cinder/lock /var/lib/cinder/conversion

# --- Barbican: simple_crypto store, its key-encryption key generated above --------------------------------------------
put /etc/barbican/barbican.conf <<EOF
[DEFAULT]
host_href = http://$HOST_IP:9311
sql_connection = $(db barbican)
db_auto_create = false
transport_url = $RABBIT
[database]
connection = $(db barbican)
$(authtoken barbican)
[secretstore]
enabled_secretstore_plugins = store_crypto
[crypto]
enabled_crypto_plugins = simple_crypto
[simple_crypto_plugin]
kek = $BARBICAN_KEK
[queue]
enable = false
EOF
# Debian's default pipeline is unauthenticated; the keystone one checks tokens.
sed -i 's/^pipeline = cors http_proxy_to_wsgi unauthenticated-context microversion apiapp$/pipeline = cors http_proxy_to_wsgi authtoken context microversion apiapp/' \
	/etc/barbican/barbican-api-paste.ini

# --- Octavia: the amphora provider with its no-op drivers (no amphora VMs here) ---------------------------------------
certs=/etc/octavia/certs
if [ ! -s $certs/client.cert-and-key.pem ]; then
	install -d -m 700 $certs
	(
		cd $certs
		openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=watercloud-octavia-ca" \
			-keyout ca.key.pem -out ca.cert.pem 2> /dev/null
		openssl req -newkey rsa:2048 -nodes -subj "/CN=octavia-controller" -keyout client.key.pem -out client.csr 2> /dev/null
		openssl x509 -req -in client.csr -CA ca.cert.pem -CAkey ca.key.pem -CAcreateserial -days 3650 -out client.cert.pem 2> /dev/null
		cat client.cert.pem client.key.pem > client.cert-and-key.pem
	)
	log "configure: made Octavia's certificates"
fi
# Octavia finds network drivers by entry point: this one (octavia_network.py) gets a distribution of its own on the
# Octavia processes' path (services.sh), so Neutron holds real VIP ports while the amphorae stay no-op.
put "$CLOUD_PYTHON/watercloud_cloud_site-1.0.dist-info/METADATA" <<EOF
Metadata-Version: 2.1
Name: watercloud-cloud-site
Version: 1.0
EOF
put "$CLOUD_PYTHON/watercloud_cloud_site-1.0.dist-info/entry_points.txt" <<EOF
[octavia.network.drivers]
watercloud_vip_port_driver = octavia_network:VipPortNetworkDriver
EOF
put /etc/octavia/octavia.conf <<EOF
[DEFAULT]
transport_url = $RABBIT
[api_settings]
bind_host = $HOST_IP
bind_port = 9876
auth_strategy = keystone
[database]
connection = $(db octavia)
$(authtoken octavia)
$(svcauth service_auth octavia)
[certificates]
cert_manager = barbican_cert_manager
cert_generator = local_cert_generator
ca_certificate = $certs/ca.cert.pem
ca_private_key = $certs/ca.key.pem
server_certs_key_passphrase = $OCTAVIA_CERT_PASSPHRASE
region_name = $REGION
endpoint_type = publicURL
[controller_worker]
amphora_driver = amphora_noop_driver
compute_driver = compute_noop_driver
network_driver = watercloud_vip_port_driver
volume_driver = volume_noop_driver
image_driver = image_noop_driver
loadbalancer_topology = SINGLE
workers = 1
client_ca = $certs/ca.cert.pem
amp_image_tag = amphora
amp_flavor_id = m1.small
amp_boot_network_list = 00000000-0000-0000-0000-000000000000
amp_secgroup_list = 00000000-0000-0000-0000-000000000000
[haproxy_amphora]
client_cert = $certs/client.cert-and-key.pem
server_ca = $certs/ca.cert.pem
[health_manager]
bind_ip = $HOST_IP
bind_port = 5555
controller_ip_port_list = $HOST_IP:5555
heartbeat_key = $OCTAVIA_HEARTBEAT_KEY
[task_flow]
jobboard_enabled = false
[oslo_messaging]
topic = octavia_prov
[neutron]
region_name = $REGION
endpoint_type = public
[nova]
region_name = $REGION
endpoint_type = public
[glance]
region_name = $REGION
endpoint_type = public
[cinder]
region_name = $REGION
endpoint_type = public
EOF

# --- Swift all-in-one: three device directories, one storage policy per platform policy --------------------------------
{
	cat <<-EOF
		[swift-hash]
		swift_hash_path_suffix = $SWIFT_HASH
		swift_hash_path_prefix = watercloud
	EOF
	i=0
	for p in "${POLICIES[@]}"; do
		echo "[storage-policy:$i]"
		echo "name = $p"
		[ $i -eq 0 ] && echo "default = yes"
		# A name with an "ec" word is an erasure-coded policy (2 data + 1 parity over the three devices); the rest
		# replicate three times. The components only name policies; what a policy does is the site's business.
		if [[ "$p" =~ (^|-)ec(-|$) ]]; then
			cat <<-EOF
				policy_type = erasure_coding
				ec_type = liberasurecode_rs_vand
				ec_num_data_fragments = 2
				ec_num_parity_fragments = 1
				ec_object_segment_size = 1048576
			EOF
		else
			echo "policy_type = replication"
		fi
		i=$((i + 1))
	done
} | put /etc/swift/swift.conf
chmod 644 /etc/swift/swift.conf
for d in d1 d2 d3; do install -d "/srv/node/$d"; done
for server in account:6202 container:6201 object:6200; do
	name=${server%%:*}
	port=${server##*:}
	put "/etc/swift/$name-server.conf" <<-EOF
		[DEFAULT]
		bind_ip = $HOST_IP
		bind_port = $port
		devices = /srv/node
		mount_check = false
		workers = 0
		user = root
		[pipeline:main]
		pipeline = healthcheck recon $name-server
		[app:$name-server]
		use = egg:swift#$name
		$([ "$name" = container ] && echo "allow_versions = true")
		[filter:healthcheck]
		use = egg:swift#healthcheck
		[filter:recon]
		use = egg:swift#recon
		recon_cache_path = /var/cache/swift
		[$name-replicator]
		[$name-updater]
		[$name-auditor]
	EOF
done
install -d /var/cache/swift
# Container sync: the realm the components name (//watercloud/<site>/...), one cluster per approved site. There is
# one Swift here, so every site's cluster is this proxy, and no container-sync daemon runs (docs/cloud.md).
{
	echo "[watercloud]"
	echo "key = $SWIFT_SYNC_REALM_KEY"
	for site in "${SITES[@]}"; do echo "cluster_$site = http://$HOST_IP:8080/v1/"; done
} | put /etc/swift/container-sync-realms.conf
put /etc/swift/proxy-server.conf <<EOF
[DEFAULT]
bind_ip = $HOST_IP
bind_port = 8080
workers = 0
user = root
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats container_sync bulk tempurl ratelimit authtoken keystoneauth copy container-quotas account-quotas slo dlo versioned_writes symlink proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true
$(authtoken swift | tail -n +2)
[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member
reseller_admin_role = ResellerAdmin
[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_versioned_writes = true
allow_object_versioning = true
[filter:symlink]
use = egg:swift#symlink
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:cache]
use = egg:swift#memcache
memcache_servers = $HOST_IP:11211
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:container_sync]
use = egg:swift#container_sync
[filter:bulk]
use = egg:swift#bulk
[filter:tempurl]
use = egg:swift#tempurl
[filter:ratelimit]
use = egg:swift#ratelimit
[filter:copy]
use = egg:swift#copy
[filter:container-quotas]
use = egg:swift#container_quotas
[filter:account-quotas]
use = egg:swift#account_quotas
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
EOF
# Rings: made once (remaking them would move partitions under existing data); a policy added later gets its ring.
(
	cd /etc/swift
	ring() {
		local builder=$1 port=$2 replicas=$3
		[ -s "$builder" ] && return 0
		swift-ring-builder "$builder" create 8 "$replicas" 1 > /dev/null
		for d in d1 d2 d3; do swift-ring-builder "$builder" add "r1z1-$HOST_IP:$port/$d" 100 > /dev/null; done
		swift-ring-builder "$builder" rebalance > /dev/null || true
	}
	ring account.builder 6202 3
	ring container.builder 6201 3
	ring object.builder 6200 3
	for ((i = 1; i < ${#POLICIES[@]}; i++)); do ring "object-$i.builder" 6200 3; done
)

# --- Trove: API, task manager and conductor in one process with the fake guest (see trove-up.py) ------------------------
put /etc/trove/trove.conf <<EOF
[DEFAULT]
bind_host = $HOST_IP
bind_port = 8779
trove_api_workers = 1
transport_url = $RABBIT
control_exchange = trove
os_region_name = $REGION
max_accepted_volume_size = $TROVE_MAX_GB
cinder_volume_type = $TROVE_VOLUME_TYPE
max_instances_per_tenant = 100
max_volumes_per_tenant = 10000
max_backups_per_tenant = 100
# Cinder here serves a whole stack's volumes at once; Trove's 60 s for its volume is too short under that load.
volume_time_out = 600
trove_volume_support = true
network_label_regex = .*
management_networks =
taskmanager_rpc_encr_key = $TROVE_RPC_KEY
# The guest agent: Trove's fake, in the Trove process (trove_guest.py); servers, volumes and ports are real.
remote_guest_client = trove_guest.create_guest_client
guest_config = /etc/trove/trove-guestagent.conf
[network]
# Off in the platform file: the platform data network has no Neutron router by design (its gateway is the data
# centre's firewall), and Trove would otherwise demand one on the subnet of an instance that is not public.
enable_access_check = $TROVE_ACCESS_CHECK
[database]
connection = $(db trove)
$(authtoken trove)
$(svcauth service_credentials trove)
[oslo_concurrency]
lock_path = /var/lib/trove/lock
EOF
install -d /var/lib/trove/lock
[ -e /etc/trove/trove-guestagent.conf ] || printf '[DEFAULT]\n' > /etc/trove/trove-guestagent.conf

chmod 644 /etc/keystone/keystone.conf 2> /dev/null || true
log "configure: config files written"

# --- databases, queue user, Ceph OSD and pools, schemas: need the infrastructure running ---------------------------------
"$here/start.sh" infra

for d in keystone glance placement nova_api nova nova_cell0 neutron cinder barbican octavia trove; do
	mysql -e "CREATE DATABASE IF NOT EXISTS $d CHARACTER SET utf8;
		CREATE USER IF NOT EXISTS '$d'@'$HOST_IP' IDENTIFIED BY '$DB_PASSWORD';
		ALTER USER '$d'@'$HOST_IP' IDENTIFIED BY '$DB_PASSWORD';
		GRANT ALL PRIVILEGES ON $d.* TO '$d'@'$HOST_IP';"
done
if rabbitmqctl -q list_users | grep -q '^openstack\b'; then
	rabbitmqctl -q change_password openstack "$RABBIT_PASSWORD" > /dev/null
else
	rabbitmqctl -q add_user openstack "$RABBIT_PASSWORD" > /dev/null
fi
rabbitmqctl -q set_permissions openstack '.*' '.*' '.*' > /dev/null

if [ ! -e /var/lib/ceph/osd/ceph-0/whoami ]; then
	# The OSD is registered with the uuid its data is made with (Ceph's manual deployment steps): one registered
	# without a uuid is refused when it boots ("wrong fsid", exit 250).
	uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
	id=$(ceph osd create "$uuid")
	[ "$id" = 0 ] || die "Ceph gave OSD id $id, expected 0 (a monitor left from another cluster? remove /var/lib/ceph and retry)"
	rm -rf /var/lib/ceph/osd/ceph-0 /var/lib/ceph/osd/ceph-0.block
	install -d /var/lib/ceph/osd/ceph-0
	ceph-osd -i 0 --mkfs --osd-uuid "$uuid" --setuser root --setgroup root > "$CLOUD_LOGS/ceph-osd-mkfs.log" 2>&1 ||
		die "ceph-osd --mkfs failed: see $CLOUD_LOGS/ceph-osd-mkfs.log"
	ceph osd crush add-bucket localhost host > /dev/null 2>&1
	ceph osd crush move localhost root=default > /dev/null 2>&1
	ceph osd crush add osd.0 0.1 host=localhost > /dev/null 2>&1
	log "configure: made the Ceph OSD"
	"$here/start.sh" infra
fi
for z in "${ZONES[@]}"; do
	# Size 1 from osd_pool_default_size: there is one OSD.
	ceph osd pool ls | grep -qx "volumes-$z" || ceph osd pool create "volumes-$z" 8 8 > /dev/null 2>&1
	for ((i = 0; i < 10; i++)); do ceph osd pool application enable "volumes-$z" rbd > /dev/null 2>&1 && break; sleep 1; done
done

stamp=$CLOUD_STATE/schema.stamp
want=$( (dpkg-query -W keystone glance-api placement-api python3-nova neutron-server cinder-volume barbican-api \
	octavia-api trove-api; cat "$0") | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2> /dev/null)" != "$want" ]; then
	t0=$(date +%s)
	log "configure: migrating the schemas (each service's output: $CLOUD_LOGS/<service>-db-sync.log)"
	logged keystone-db-sync keystone-manage db_sync
	[ -e /etc/keystone/fernet-keys/0 ] || logged keystone-fernet-setup keystone-manage fernet_setup --keystone-user root --keystone-group root
	[ -e /etc/keystone/credential-keys/0 ] || logged keystone-credential-setup keystone-manage credential_setup --keystone-user root --keystone-group root
	logged keystone-bootstrap keystone-manage bootstrap --bootstrap-password "$ADMIN_PASSWORD" --bootstrap-region-id "$REGION" \
		--bootstrap-admin-url "$KEYSTONE/v3/" --bootstrap-internal-url "$KEYSTONE/v3/" --bootstrap-public-url "$KEYSTONE/v3/"
	logged glance-db-sync glance-manage db_sync
	logged placement-db-sync placement-manage db sync
	logged nova-api-db-sync nova-manage api_db sync
	nova-manage cell_v2 list_cells | grep -q ' cell0 ' || logged nova-cell0 nova-manage cell_v2 map_cell0 --database_connection "$(db nova_cell0)"
	nova-manage cell_v2 list_cells | grep -q ' cell1 ' || logged nova-cell1 nova-manage cell_v2 create_cell --name cell1
	logged nova-db-sync nova-manage db sync
	logged neutron-db-sync neutron-db-manage --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/plugins/ml2/ml2_conf.ini upgrade head
	logged cinder-db-sync cinder-manage db sync
	logged barbican-db-sync barbican-manage db upgrade
	logged octavia-db-sync octavia-db-manage upgrade head
	logged trove-db-sync "$PYTHON" "$here/trove_service.py" db-sync
	echo "$want" > "$stamp"
	log "configure: schemas migrated in $(($(date +%s) - t0)) s"
else
	log "configure: schemas are current"
fi
