"""Read a NoCloud seed directory with cloud-init's own code and print what an instance would get.

Usage: python3 read-with-cloud-init.py CLOUD_DIR
CLOUD_DIR/seed/nocloud holds meta-data, user-data and optionally network-config. Prints JSON:
the meta-data the NoCloud datasource parsed, every user-data part after cloud-init's processing
(content type, file name), the cloud-config merged the way cloud-init merges parts, and the
network config.
"""
import json
import logging
import sys

from cloudinit import distros, handlers, helpers
from cloudinit.handlers.cloud_config import CloudConfigPartHandler
from cloudinit.sources.DataSourceNoCloud import DataSourceNoCloud

logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
cloud_dir = sys.argv[1]
paths = helpers.Paths({"cloud_dir": cloud_dir, "run_dir": cloud_dir})
# fs_label None: read only the seed directory, never scan this machine's block devices.
sys_cfg = {"datasource": {"NoCloud": {"fs_label": None}}}
distro = distros.fetch("debian")("debian", {}, paths)
source = DataSourceNoCloud(sys_cfg, distro, paths)
if not source.get_data():
    sys.exit("cloud-init's NoCloud datasource found no seed")

message = source.get_userdata()
merger = CloudConfigPartHandler(paths)
merger.cloud_fn = None  # keep the merged config in memory
merger.handle_part(None, handlers.CONTENT_START, None, None, None, None)
parts = []


def on_part(_data, filename, payload, headers):
    content_type = headers["Content-Type"]
    parts.append({"contentType": content_type, "filename": filename})
    if content_type == "text/cloud-config":
        merger.handle_part(None, content_type, filename, payload, None, headers)


handlers.walk(message, on_part, {})
print(
    json.dumps(
        {
            "seed": source.seed,
            "metadata": source.metadata,
            "instanceId": source.get_instance_id(),
            "hostname": source.get_hostname().hostname,
            "parts": parts,
            "cloudConfig": merger.cloud_buf,
            "networkConfig": source.network_config,
        },
        default=str,
    )
)
