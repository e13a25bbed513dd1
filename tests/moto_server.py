"""moto's server for the apply tests, with two fixes where it departs from AWS.

moto 5.2.5 reads ListTags' resource ARN as the next-to-last path segment, because boto3 sends
`GET /tags/{ResourceArn}/`; the AWS SDK for Rust sends `GET /tags/{ResourceArn}` (no trailing
slash), which AWS accepts, so moto would read the ARN as "tags" and answer with no tags. This
wrapper reads the last non-empty segment instead.

moto 5.2.5 also drops CreateReportPlan's ReportPlanTags ("not yet supported", its docstring
says); AWS tags the report plan. This wrapper tags it after moto creates it.

moto 5.2.5 creates a CloudFormation `AWS::KMS::Key` (a StackSet's stack instances do) by passing
its `Tags` to KMS as they are; CloudFormation writes them `Key`/`Value` and KMS reads
`TagKey`/`TagValue`, so moto fails on any tagged key. This wrapper renames them on the way in.

Nothing else changes.

Usage: python tests/moto_server.py -H 127.0.0.1 -p PORT
"""

import json
from urllib.parse import unquote

from moto.backup import responses
from moto.server import main


def list_tags(self):
    resource_arn = unquote(self.path.rstrip("/").split("/")[-1])
    tags = self.backup_backend.list_tags(resource_arn=resource_arn)
    return json.dumps({"Tags": tags})


_create_report_plan = responses.BackupResponse.create_report_plan


def create_report_plan(self):
    result = _create_report_plan(self)
    tags = self._get_param("ReportPlanTags")
    if tags:
        name = self._get_param("ReportPlanName")
        plan = self.backup_backend.describe_report_plan(report_plan_name=name)
        self.backup_backend.tag_resource(resource_arn=plan.report_plan_arn, tags=tags)
    return result


from moto.kms import models as kms_models

_create_key_from_cloudformation = kms_models.Key.create_from_cloudformation_json.__func__


def create_key_from_cloudformation(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json.get("Properties", {})
    properties["Tags"] = [
        {"TagKey": t["Key"], "TagValue": t["Value"]} for t in properties.get("Tags", [])
    ]
    return _create_key_from_cloudformation(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    )


kms_models.Key.create_from_cloudformation_json = classmethod(create_key_from_cloudformation)
responses.BackupResponse.list_tags = list_tags
responses.BackupResponse.create_report_plan = create_report_plan

if __name__ == "__main__":
    main()
