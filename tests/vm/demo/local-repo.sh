# SPDX-License-Identifier: GPL-2.0
# Sourced by VM scenarios (make demo, make bench): a driver repository for
# QEMU's card, as in tests/vm/scenarios/repo-install.sh. "scbridge repo
# build" signs a repository holding the test minidriver (a PKCS#11 module
# wrapping OpenSC's) for SCFILTER\CID_D2E980E2-8851-4F87-81D6-4F254E38001D,
# nginx serves it on 127.0.0.1:8080, and scbridge's configuration points at
# it with the repository's key trusted. Guest only: it rewrites /etc/scpnp.
#
#   local_repo_start DIR   make it (in DIR), start nginx; on failure, a
#                          message on stdout and status 1
#   local_repo_stop DIR    stop nginx

local_repo_start() {
	local w=$1 scb=$SCPNP_TOP/user/scbridge/scbridge p11=$SCPNP_TOP/user/testpkcs11
	rm -rf "$w" /etc/scpnp /var/lib/scpnp /var/cache/scpnp/packages \
		/etc/pkcs11/modules/scpnp-scpnp-test.module
	mkdir -p "$w/src" "$w/www" "$w/nginx" /etc/scpnp/keys
	ip link set lo up
	"$scb" repo keygen "$w/repo" > "$w/keygen.log" 2>&1 ||
		{ echo "scbridge repo keygen failed"; return 1; }
	cp "$w/repo.pub" /etc/scpnp/keys/
	cp "$p11/scpnp-test-pkcs11.so" "$w/src/module.so"
	cat > "$w/src/scpnp-test.json" <<-JSON
	{"name": "scpnp-test", "version": "1.0", "module": "module.so",
	 "file": "scpnp-test-pkcs11.so", "description": "scpnp test minidriver",
	 "hardware_ids": ["SCFILTER\\\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D"]}
	JSON
	"$scb" repo build "$w/src" "$w/www/repo" --key "$w/repo.key" --version 1 \
		--expires 30 > "$w/build.log" 2>&1 ||
		{ echo "scbridge repo build: $(cat "$w/build.log")"; return 1; }
	cat > "$w/nginx/nginx.conf" <<-NGINX
	user root;
	pid $w/nginx/nginx.pid;
	error_log $w/nginx/error.log;
	events { worker_connections 64; }
	http {
		access_log $w/nginx/access.log;
		server { listen 127.0.0.1:8080; root $w/www; }
	}
	NGINX
	nginx -p "$w/nginx" -c "$w/nginx/nginx.conf" || { echo "nginx did not start"; return 1; }
	wait_for "curl -sf http://127.0.0.1:8080/repo/index.json >/dev/null" 20 ||
		{ echo "nginx does not serve the repository"; return 1; }
	cat > /etc/scpnp/scbridge.conf <<-CONF
	mirror = http://127.0.0.1:8080/repo
	retries = 1
	retry_delay_ms = 200
	idle_exit = 0
	CONF
}

local_repo_stop() {
	[ -f "$1/nginx/nginx.pid" ] && kill "$(cat "$1/nginx/nginx.pid")" 2>/dev/null
	rm -f "$1/nginx/nginx.pid"
}
