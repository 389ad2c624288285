"""A small ALTO server for the tests, over TLS on loopback: the GET
resources (directories, network maps, cost maps) and the POST services
(Endpoint Property Service, Endpoint Cost Service) of RFC 7285.

Its answers are computed here, independently of Altoscope: the PID of an
address by Python's ipaddress module over the same map, the cost between
two PIDs from the same tables.  A test compares what Altoscope reports
with what this server would say.
"""

import ipaddress
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIRECTORY = "application/alto-directory+json"
NETWORK_MAP = "application/alto-networkmap+json"
COST_MAP = "application/alto-costmap+json"
EPS, EPS_PARAMS = "application/alto-endpointprop+json", "application/alto-endpointpropparams+json"
ECS, ECS_PARAMS = "application/alto-endpointcost+json", "application/alto-endpointcostparams+json"
ERROR = "application/alto-error+json"
PROPMAP, PROPMAP_PARAMS = "application/alto-propmap+json", "application/alto-propmapparams+json"

MAP_ID = "campus-map"
VTAG = "3ee2cb7e8d63d9fab71b9b34cbf764436315542e"

# Overlapping on purpose: the longest prefix decides (RFC 7285 §11.2.1.6).
PIDS = {
    "campus": {"ipv4": ["198.51.100.0/24"], "ipv6": ["2001:db8::/32"]},
    "lab": {"ipv4": ["198.51.100.128/25"], "ipv6": ["2001:db8:1::/48"]},
    "printer": {"ipv4": ["198.51.100.200/32"]},
    "peers": {"ipv4": ["203.0.113.0/24"], "ipv6": ["2001:db8:ff::/48"]},
    "loopback": {"ipv4": ["127.0.0.0/8"], "ipv6": ["::1/128"]},
    # The NetworkManager lab's leases (tests/nm/nmlab.py: 192.0.2.100-150).
    "nm-lab": {"ipv4": ["192.0.2.96/27", "192.0.2.128/27"]},
}

COST_TYPES = {
    "num-routing": {"cost-mode": "numerical", "cost-metric": "routingcost"},
    "ord-hop": {"cost-mode": "ordinal", "cost-metric": "hopcount"},
}


def cost(type_name, src, dst):
    """The cost between two PIDs, or None when the server gives none."""
    names = sorted(PIDS)
    if src == "printer" and dst == "peers":
        return None   # a pair the map leaves out
    a, b = names.index(src), names.index(dst)
    if type_name == "num-routing":
        return 0 if a == b else 10.5 * (a + 1) + 3 * (b + 1)
    return abs(a - b) + 1


def pid_of(address, pids=PIDS):
    ip = ipaddress.ip_address(address)
    best, best_len = None, -1
    for name, groups in pids.items():
        for prefix in groups.get(f"ipv{ip.version}", []):
            net = ipaddress.ip_network(prefix, strict=False)
            if ip in net and net.prefixlen > best_len:
                best, best_len = name, net.prefixlen
    return best


def network_map(pids=PIDS, vtag=VTAG, map_id=MAP_ID):
    return {"meta": {"vtag": {"resource-id": map_id, "tag": vtag}}, "network-map": pids}


def cost_map(type_name, vtag=VTAG):
    rows = {}
    for s in PIDS:
        row = {}
        for d in PIDS:
            c = cost(type_name, s, d)
            if c is not None:
                row[d] = c
        rows[s] = row
    return {"meta": {"dependent-vtags": [{"resource-id": MAP_ID, "tag": vtag}],
                     "cost-type": COST_TYPES[type_name]},
            "cost-map": rows}


def big_pids(n=10000):
    """n PIDs of one /24 each in 10.0.0.0/8, and the /8 itself in one more."""
    pids = {f"net{i}": {"ipv4": [f"10.{i // 256}.{i % 256}.0/24"]} for i in range(n - 1)}
    pids["rest"] = {"ipv4": ["10.0.0.0/8"]}
    return pids


def directory(base, services=True, eps_path="/eps", costmap_vtag_path="", ecs_path="/ecs",
              map_path="/networkmap"):
    resources = {
        MAP_ID: {"uri": base + map_path, "media-type": NETWORK_MAP},
        "num-routing-map": {"uri": base + "/costmap/num-routing" + costmap_vtag_path,
                            "media-type": COST_MAP,
                            "capabilities": {"cost-type-names": ["num-routing"]},
                            "uses": [MAP_ID]},
        "ord-hop-map": {"uri": base + "/costmap/ord-hop", "media-type": COST_MAP,
                        "capabilities": {"cost-type-names": ["ord-hop"]}, "uses": [MAP_ID]},
    }
    if services:
        resources["eps"] = {"uri": base + eps_path, "media-type": EPS, "accepts": EPS_PARAMS,
                            "capabilities": {"prop-types": [MAP_ID + ".pid"]}}
        resources["ecs"] = {"uri": base + ecs_path, "media-type": ECS, "accepts": ECS_PARAMS,
                            "capabilities": {"cost-type-names": ["num-routing", "ord-hop"]}}
    return {"meta": {"cost-types": COST_TYPES, "default-alto-network-map": MAP_ID},
            "resources": resources}


DECOYS = 30000   # typed addresses no one asked about, before the real ones: ~0.8 MiB


def with_decoys(members):
    out = {f"ipv4:10.{i // 65536}.{(i // 256) % 256}.{i % 256}": {} for i in range(DECOYS)}
    out.update(members)
    return out


def propmap_directory(base, domains):
    """Maps and an RFC 9240 filtered property map giving PIDs for @domains."""
    d = directory(base, services=False)
    d["resources"]["pid-propmap"] = {
        "uri": base + "/propmap", "media-type": PROPMAP, "accepts": PROPMAP_PARAMS,
        "capabilities": {"mappings": {dom: [MAP_ID + ".pid"] for dom in domains}},
        "uses": [MAP_ID]}
    return d


def typed_ip(typed):
    kind, _, addr = typed.partition(":")
    if kind not in ("ipv4", "ipv6"):
        raise ValueError(typed)
    return addr


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, media, body):
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, code, field=None):
        meta = {"code": code}
        if field:
            meta["field"] = field
        self.send(status, ERROR, {"meta": meta})

    def do_GET(self):
        base = self.server.base
        self.server.requests.append(("GET", self.path))
        fixed = {
            "/ird": (DIRECTORY, directory(base)),
            "/ird-maps": (DIRECTORY, directory(base, services=False)),
            "/ird-eps-broken": (DIRECTORY, directory(base, eps_path="/eps-broken")),
            "/ird-stale-costmap": (DIRECTORY, directory(base, services=False,
                                                        costmap_vtag_path="?stale")),
            "/ird-propmap": (DIRECTORY, propmap_directory(base, ["ipv4", "ipv6"])),
            "/ird-propmap-v4": (DIRECTORY, propmap_directory(base, ["ipv4"])),
            "/ird-eps-no-map": (DIRECTORY, directory(base, eps_path="/eps-broken",
                                                     map_path="/no-such-map")),
            "/ird-ecs-half": (DIRECTORY, directory(base, ecs_path="/ecs-half")),
            "/ird-decoy": (DIRECTORY, directory(base, eps_path="/eps-decoy",
                                                ecs_path="/ecs-decoy")),
            "/ird-huge-map": (DIRECTORY, directory(base, services=False,
                                                   map_path="/networkmap-huge")),
            "/ird-slow-map": (DIRECTORY, directory(base, services=False,
                                                   map_path="/networkmap-slow")),
            "/ird-no-default": (DIRECTORY, {"meta": {"cost-types": COST_TYPES},
                                            "resources": {}}),
            "/ird-big": (DIRECTORY, {"meta": {"default-alto-network-map": MAP_ID},
                                     "resources": {MAP_ID: {"uri": base + "/networkmap-big",
                                                            "media-type": NETWORK_MAP}}}),
            "/ird-invalid-map": (DIRECTORY, {"meta": {"default-alto-network-map": MAP_ID},
                                             "resources": {MAP_ID: {
                                                 "uri": base + "/networkmap-invalid",
                                                 "media-type": NETWORK_MAP}}}),
            "/networkmap": (NETWORK_MAP, network_map()),
            "/networkmap-big": (NETWORK_MAP, network_map(self.server.big)),
            "/networkmap-invalid": (NETWORK_MAP, network_map(
                {"good": {"ipv4": ["198.51.100.0/24"]}, "bad": {"ipv4": ["198.51.100.0/33"]}})),
            "/costmap/num-routing": (COST_MAP, cost_map("num-routing")),
            "/costmap/num-routing?stale": (COST_MAP, cost_map("num-routing", vtag="0ld")),
            "/costmap/ord-hop": (COST_MAP, cost_map("ord-hop")),
        }
        if self.path == "/networkmap-huge":   # over the 8 MiB a query reads
            body = json.dumps(network_map()).encode()
            self.send(200, NETWORK_MAP, body[:-1] + b', "padding": "' + b"x" * (9 << 20) + b'"}')
            return
        if self.path == "/networkmap-slow":
            time.sleep(4)
        if self.path not in fixed and self.path != "/networkmap-slow":
            self.error(404, "E_NOT_FOUND")
            return
        self.send(200, *fixed["/networkmap" if self.path == "/networkmap-slow" else self.path])

    def body(self):
        n = int(self.headers.get("Content-Length", "0"))
        return json.loads(self.rfile.read(n))

    def do_POST(self):
        self.server.requests.append(("POST", self.path, self.headers.get("Content-Type")))
        try:
            req = self.body()
        except ValueError:
            self.error(400, "E_SYNTAX")
            return
        if self.path in ("/eps", "/eps-decoy") and self.headers.get("Content-Type") == EPS_PARAMS:
            self.eps(req, decoys=self.path == "/eps-decoy")
        elif (self.path in ("/ecs", "/ecs-half", "/ecs-decoy")
              and self.headers.get("Content-Type") == ECS_PARAMS):
            if self.path == "/ecs-half" and req.get("cost-type") == COST_TYPES["ord-hop"]:
                self.error(500, "E_UNAVAILABLE")   # one cost type fails, after another worked
            else:
                self.ecs(req, decoys=self.path == "/ecs-decoy")
        elif self.path == "/propmap" and self.headers.get("Content-Type") == PROPMAP_PARAMS:
            self.propmap(req)
        elif self.path == "/eps-broken":
            self.error(400, "E_INVALID_FIELD_VALUE", "endpoints")
        else:
            self.error(415 if self.path in ("/eps", "/ecs") else 404, "E_SYNTAX")

    def eps(self, req, decoys=False):
        if req.get("properties") != [MAP_ID + ".pid"]:
            self.error(400, "E_INVALID_FIELD_VALUE", "properties")
            return
        out = {}
        for typed in req["endpoints"]:
            pid = pid_of(typed_ip(typed))
            # An address in no PID is left out, as RFC 7285 §11.4.1.6 allows.
            if pid is not None:
                # Written the long way, as a server may: matched as an address.
                kind, _, addr = typed.partition(":")
                long_form = ipaddress.ip_address(addr).exploded if kind == "ipv6" else addr
                out[f"{kind}:{long_form}"] = {MAP_ID + ".pid": pid}
        self.send(200, EPS, {"meta": {"dependent-vtags": [{"resource-id": MAP_ID,
                                                           "tag": VTAG}]},
                             "endpoint-properties": with_decoys(out) if decoys else out})

    def propmap(self, req):
        """RFC 9240 §7.6: the same PIDs, under "property-map"."""
        out = {}
        for typed in req["entities"]:
            pid = pid_of(typed_ip(typed))
            if pid is not None:
                out[typed] = {MAP_ID + ".pid": pid}
        self.send(200, PROPMAP, {"meta": {"dependent-vtags": [{"resource-id": MAP_ID,
                                                               "tag": VTAG}]},
                                 "property-map": out})

    def ecs(self, req, decoys=False):
        ctype = req.get("cost-type")
        name = next((n for n, t in COST_TYPES.items() if t == ctype), None)
        if name is None:
            self.error(400, "E_INVALID_FIELD_VALUE", "cost-type")
            return
        rows = {}
        for s in req["endpoints"]["srcs"]:
            row = {}
            for d in req["endpoints"]["dsts"]:
                ps, pd = pid_of(typed_ip(s)), pid_of(typed_ip(d))
                c = cost(name, ps, pd) if ps and pd else None
                if c is not None:
                    row[d] = c
            rows[s] = row
        self.send(200, ECS, {"meta": {"cost-type": ctype},
                             "endpoint-cost-map": with_decoys(rows) if decoys else rows})


class AltoServer:
    """Over TLS with @cert and @key; over plain http when they are None."""

    def __init__(self, cert, key, address="127.0.0.1"):
        self.httpd = ThreadingHTTPServer((address, 0), Handler)
        if cert is not None:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(cert, key)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.httpd.daemon_threads = True
        scheme = "https" if cert is not None else "http"
        self.httpd.base = f"{scheme}://{address}:{self.httpd.server_address[1]}"
        self.httpd.requests = []
        self.httpd.big = big_pids()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return self.httpd.base + path

    @property
    def requests(self):
        return self.httpd.requests

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    # Plain http on the address given (a lab's namespace): prints its base
    # URI, then serves until ended.
    import sys
    server = AltoServer(None, None, sys.argv[1])
    print(server.url(""), flush=True)
    server.thread.join()
