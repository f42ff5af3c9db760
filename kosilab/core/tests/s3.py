"""A real S3 server for the object-storage tests: moto in server mode on a free port of this machine.

Its fixtures reach the tests of core through conftest.py.
"""

from __future__ import annotations

import logging

import boto3
import pytest
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

from kosilab.core.object_storage import S3UploadStorage

BUCKET = "kosilab-test"
KEYS = {"access_key": "test-key", "secret_key": "test-secret"}


def start_s3_server() -> ThreadedMotoServer:
    """moto's S3 server on a free port of 127.0.0.1, started. Its HTTP server (werkzeug) logs no
    line per request: the readiness probe asks the bucket every time, thousands of lines in a
    failed test's output."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    return server


@pytest.fixture(scope="module")
def s3_endpoint():
    server = start_s3_server()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    """A fresh, empty bucket for each test; the names of the objects in it, read from S3 itself."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-central-1",
        aws_access_key_id=KEYS["access_key"],
        aws_secret_access_key=KEYS["secret_key"],
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def objects(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def options(endpoint: str, **values) -> dict:
    return {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "region_name": "eu-central-1",
        "signature_version": "s3v4",
        "addressing_style": "path",
        **KEYS,
    } | values


@pytest.fixture
def on_s3(settings, s3_endpoint, bucket):
    """The platform's default storage is the bucket (as KOSILAB_S3_BUCKET would make it)."""
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "kosilab.core.object_storage.S3UploadStorage", "OPTIONS": options(s3_endpoint)}
    }
    assert isinstance(storages["default"], S3UploadStorage)
    return bucket
