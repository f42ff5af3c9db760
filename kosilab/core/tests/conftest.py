"""Fixtures of core's tests: a real S3 server (moto) and a bucket on it, see s3.py."""

from kosilab.core.tests.s3 import bucket, on_s3, s3_endpoint  # noqa: F401 (fixtures)
