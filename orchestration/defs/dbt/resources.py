"""dbt CLI resource tuned for this machine."""

from functools import cached_property

from dagster_dbt import DbtCliResource
from dbt.version import __version__ as dbt_core_version
from packaging import version


class LocalDbtCliResource(DbtCliResource):
    """dagster-dbt learns dbt's version by running `dbt --version`, which also asks PyPI for the
    latest release: 6-10 s per run here. dbt-core is installed in this environment, so its
    package version is the CLI's version."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(dbt_core_version)
