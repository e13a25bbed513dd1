"""The StackSet half of an organization deployment, against moto's server on 127.0.0.1.

`setup ENDPOINT`: an organization with one OU and two member accounts; prints
{"ou": .., "accounts": [..]}.

`deploy ENDPOINT TEMPLATE`: reads the management template `synth` wrote, creates its StackSet
as the template declares it (service-managed, automatic deployment, the member template as its
body) and its stack instances for the template's OUs and Regions, in the template's Region
order; then reads back the StackSet, the operation, every stack instance, and in each member
account (by assuming its OrganizationAccountAccessRole, as the management account does) the
KMS keys of each Region and the backup role; prints it all as JSON for the Rust test to check.

moto implements StackSets and Organizations, not the BACKUP_POLICY type: the policy is checked
by the test itself.
"""

import json
import sys

import boto3

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def client(service, endpoint, region="us-east-1", **credentials):
    return boto3.client(
        service, endpoint_url=endpoint, region_name=region, **(credentials or CREDENTIALS)
    )


def setup(endpoint):
    org = client("organizations", endpoint)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    ou = org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]["Id"]
    accounts = []
    for i in range(2):
        status = org.create_account(Email=f"member{i}@example.com", AccountName=f"member{i}")
        account = status["CreateAccountStatus"]["AccountId"]
        org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=ou)
        accounts.append(account)
    print(json.dumps({"ou": ou, "accounts": accounts}))


def deploy(endpoint, template_path):
    template = json.load(open(template_path))
    stack_set = next(
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::CloudFormation::StackSet"
    )
    cfn = client("cloudformation", endpoint)
    name = stack_set["StackSetName"]
    cfn.create_stack_set(
        StackSetName=name,
        Description=stack_set.get("Description", ""),
        TemplateBody=stack_set["TemplateBody"],
        PermissionModel=stack_set["PermissionModel"],
        AutoDeployment=stack_set["AutoDeployment"],
        Capabilities=stack_set["Capabilities"],
    )
    operations = []
    for group in stack_set["StackInstancesGroup"]:
        operation = cfn.create_stack_instances(
            StackSetName=name,
            DeploymentTargets=group["DeploymentTargets"],
            Regions=group["Regions"],
            OperationPreferences=stack_set["OperationPreferences"],
        )["OperationId"]
        status = cfn.describe_stack_set_operation(StackSetName=name, OperationId=operation)
        operations.append(status["StackSetOperation"]["Status"])
    described = cfn.describe_stack_set(StackSetName=name)["StackSet"]
    instances = [
        {"account": i["Account"], "region": i["Region"], "status": i["Status"]}
        for i in cfn.list_stack_instances(StackSetName=name)["Summaries"]
    ]
    regions = sorted({i["region"] for i in instances})
    accounts = {}
    sts = client("sts", endpoint)
    for account in sorted({i["account"] for i in instances}):
        role = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
        creds = sts.assume_role(RoleArn=role, RoleSessionName="check")["Credentials"]
        member = {
            "aws_access_key_id": creds["AccessKeyId"],
            "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"],
        }
        keys = {
            region: len(client("kms", endpoint, region, **member).list_keys()["Keys"])
            for region in regions
        }
        roles = [
            r["RoleName"]
            for r in client("iam", endpoint, **member).list_roles()["Roles"]
            if not r["Path"].startswith("/aws-service-role/")
        ]
        accounts[account] = {"kms_keys": keys, "roles": roles}
    print(
        json.dumps(
            {
                "operations": operations,
                "permission_model": described["PermissionModel"],
                "template_body_matches": described["TemplateBody"] == stack_set["TemplateBody"],
                "instances": instances,
                "accounts": accounts,
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1] == "setup":
        setup(sys.argv[2])
    else:
        deploy(sys.argv[2], sys.argv[3])
