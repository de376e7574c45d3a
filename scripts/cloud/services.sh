# The acceptance cloud's processes, in start order: `<name> <group> <command...>`, one a line. start.sh, stop.sh
# and status.sh all read this list, so what is started is what is stopped and reported. Sourced, not run.
# shellcheck shell=bash

# uwsgi for the WSGI-only APIs: one process, a few threads. uwsgi's http-socket does not keep connections alive,
# so it says so (without the header clients see "connection reset by peer").
uwsgi_api() {
	local port=$1 script=$2
	echo uwsgi --plugin python3 --http-socket "$HOST_IP:$port" --wsgi-file "$script" --master --processes 1 \
		--threads 4 --lazy-apps --die-on-term --need-app --buffer-size 65535 --add-header "Connection:close"
}

cloud_services() {
	local n=/etc/nova/nova.conf q=/etc/neutron/neutron.conf
	cat <<-EOF
		keystone keystone $(uwsgi_api 5000 /usr/bin/keystone-wsgi-public)
		glance-api api glance-api --config-file /etc/glance/glance-api.conf
		placement-api api $(uwsgi_api 8778 /usr/bin/placement-api)
		nova-api api nova-api --config-file $n
		nova-conductor api nova-conductor --config-file $n
		nova-scheduler api nova-scheduler --config-file $n
		neutron-server api neutron-server --config-file $q --config-file /etc/neutron/plugins/ml2/ml2_conf.ini
		cinder-api api cinder-api --config-file /etc/cinder/cinder.conf
		cinder-scheduler api cinder-scheduler --config-file /etc/cinder/cinder.conf
		cinder-volume api env PYTHONPATH=$CLOUD_REPO/scripts/cloud cinder-volume --config-file /etc/cinder/cinder.conf
		barbican-api api $(uwsgi_api 9311 /usr/bin/barbican-wsgi-api)
		octavia-api api env PYTHONPATH=$CLOUD_PYTHON:$CLOUD_REPO/scripts/cloud $(uwsgi_api 9876 /usr/bin/octavia-wsgi)
		octavia-worker api env PYTHONPATH=$CLOUD_PYTHON:$CLOUD_REPO/scripts/cloud octavia-worker --config-file /etc/octavia/octavia.conf
		swift-account api swift-account-server /etc/swift/account-server.conf
		swift-container api swift-container-server /etc/swift/container-server.conf
		swift-object api swift-object-server /etc/swift/object-server.conf
		swift-proxy api swift-proxy-server /etc/swift/proxy-server.conf
		trove api $PYTHON $CLOUD_REPO/scripts/cloud/trove_service.py run
	EOF
	for h in $(compute_hosts); do
		echo "nova-compute-$h compute $PYTHON -c 'from nova.cmd.compute import main; main()' --config-file $n --config-file /etc/nova/$h.conf"
		echo "neutron-agent-$h compute neutron-linuxbridge-agent --config-file $q --config-file /etc/neutron/plugins/ml2/linuxbridge_agent.ini --config-file /etc/neutron/agent-$h.ini"
	done
}

# What each API answers on (name port path): start.sh waits for every one, status.sh reports them.
cloud_endpoints() {
	cat <<-EOF
		keystone 5000 /v3
		glance-api 9292 /
		placement-api 8778 /
		nova-api 8774 /
		neutron-server 9696 /
		cinder-api 8776 /
		barbican-api 9311 /
		octavia-api 9876 /
		swift-proxy 8080 /healthcheck
		trove 8779 /
	EOF
}
