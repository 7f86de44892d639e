"""boto3 in benches/peers/compare.sh: the same two workloads as the other peers against the
same loopback server (peer-server), in a process of its own.

    python3 benches/peers/boto3_peer.py list   http://127.0.0.1:PORT
    python3 benches/peers/boto3_peer.py create http://127.0.0.1:PORT 200

Prints `boto3 <workload> items=<n> cpu_us=<process CPU of the workload> maxrss_kib=<peak
RSS>`. The CPU is time.process_time() (every thread of the process) from just before the
first request to just after the last; importing boto3 and building the client are outside
it, as building the client is for the other peers.
"""
import resource
import sys
import time

import boto3
from botocore.config import Config


def main():
    workload, endpoint = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    client = boto3.client(
        "cloudfront",
        endpoint_url=endpoint,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        region_name="us-east-1",
        config=Config(retries={"mode": "standard"}),
    )
    start = time.process_time()
    items = 0
    if workload == "list":
        for page in client.get_paginator("list_distributions").paginate():
            items += len(page["DistributionList"].get("Items", []))
    elif workload == "create":
        batch = {"Paths": {"Quantity": 2, "Items": ["/index.html", "/img/*"]}}
        for i in range(n):
            out = client.create_invalidation(
                DistributionId="E2QWRUHAPOMQZL",
                InvalidationBatch={**batch, "CallerReference": f"ref-{i}"},
            )
            assert out["Invalidation"]["Id"]
        items = n
    else:
        raise SystemExit(f"unknown workload {workload}")
    cpu = time.process_time() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"boto3 {workload} items={items} cpu_us={int(cpu * 1e6)} maxrss_kib={rss}")


if __name__ == "__main__":
    main()
