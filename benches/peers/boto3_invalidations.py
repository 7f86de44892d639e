"""boto3's client CPU for CreateInvalidation, one after another, against a keep-alive
server on 127.0.0.1 answering the same 201 as benches/request_cost.rs (`create`).

    python3 -m venv /tmp/boto && /tmp/boto/bin/pip install boto3
    /tmp/boto/bin/python benches/peers/boto3_invalidations.py 200

Prints the calling thread's CPU time per request (time.thread_time: the server runs in
other threads of this process and is not counted) and the wall time.
"""
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
from botocore.config import Config

BODY = (
    b'<?xml version="1.0"?>\n<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
    b"<Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2026-11-25T19:35:24.106Z</CreateTime>"
    b"<InvalidationBatch><Paths><Quantity>2</Quantity><Items><Path>/index.html</Path><Path>/img/*</Path>"
    b"</Items></Paths><CallerReference>ref-1</CallerReference></InvalidationBatch></Invalidation>"
)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", "0")))
        self.send_response(201)
        self.send_header("content-type", "text/xml")
        self.send_header("location", "https://cloudfront.amazonaws.com/2020-05-31/distribution/E1/invalidation/I2J0I21PCUYOIK")
        self.send_header("content-length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = boto3.client(
        "cloudfront",
        endpoint_url=f"http://127.0.0.1:{server.server_address[1]}",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        region_name="us-east-1",
        config=Config(retries={"mode": "standard"}),
    )
    batch = {"Paths": {"Quantity": 2, "Items": ["/index.html", "/img/*"]}}
    # One warm-up call (model loading, connection).
    client.create_invalidation(DistributionId="E2QWRUHAPOMQZL", InvalidationBatch={**batch, "CallerReference": "warm"})
    cpu, wall = time.thread_time(), time.perf_counter()
    for i in range(n):
        client.create_invalidation(
            DistributionId="E2QWRUHAPOMQZL",
            InvalidationBatch={**batch, "CallerReference": f"ref-{i}"},
        )
    cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
    print(f"boto3: {n} CreateInvalidation, client thread CPU {cpu * 1e6 / n:.1f} µs/request, "
          f"wall {wall * 1e6 / n:.1f} µs/request")


if __name__ == "__main__":
    main()
