"""Backup verification: records every new object of the backup bucket in the catalog table and
publishes a notification. Triggered by the bucket's ObjectCreated notifications."""

import json
import os
import time
import urllib.parse

import boto3

dynamodb = boto3.client("dynamodb")
sns = boto3.client("sns")
s3 = boto3.client("s3")


def handler(event, _context):
    table = os.environ["DYNAMODB_TABLE"]
    topic = os.environ["SNS_TOPIC_ARN"]
    verified = 0
    for record in event.get("Records", []):
        bucket = record["s3"]["bucket"]["name"]
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        head = s3.head_object(Bucket=bucket, Key=key)
        client_id = key.split("/", 1)[0]
        dynamodb.put_item(
            TableName=table,
            Item={
                "backupId": {"S": f"{bucket}/{key}#{head.get('VersionId', 'null')}"},
                "clientId": {"S": client_id},
                "timestamp": {"N": str(int(time.time()))},
                "size": {"N": str(head["ContentLength"])},
            },
        )
        verified += 1
    if verified:
        sns.publish(TopicArn=topic, Subject="Backups verified", Message=json.dumps({"verified": verified}))
    return {"verified": verified}
