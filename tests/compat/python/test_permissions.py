"""PutPermission / RemovePermission / DescribeEventBus['Policy'] through boto3 - the heart of issue 2.

Expected documents and messages: LocalStack's snapshots recorded against AWS
(https://github.com/localstack/localstack tests/aws/services/events/) and the AWS CLI's describe-event-bus examples
(https://docs.aws.amazon.com/cli/latest/reference/events/describe-event-bus.html)."""
import json
import unittest

from compat import CompatTestCase, bus_arn, unique

ORG_CONDITION = {"Type": "StringEquals", "Key": "aws:PrincipalOrgID", "Value": "o-1234567890"}


def stmt(sid, principal, resource, condition=None):
    """AWS's statement, as a compact JSON fragment in AWS's key order."""
    p = '"*"' if principal == "*" else json.dumps({"AWS": f"arn:aws:iam::{principal}:root"}, separators=(",", ":"))
    s = f'{{"Sid":"{sid}","Effect":"Allow","Principal":{p},"Action":"events:PutEvents","Resource":"{resource}"'
    if condition:
        s += f',"Condition":{{"{condition["Type"]}":{{"{condition["Key"]}":"{condition["Value"]}"}}}}'
    return s + "}"


def policy(*statements):
    return '{"Version":"2012-10-17","Statement":[' + ",".join(statements) + "]}"


class PutPermissionDocument(CompatTestCase):
    def setUp(self):
        super().setUp()
        self.bus = unique("perm")
        self.client.create_event_bus(Name=self.bus)
        self.arn = bus_arn(self.account, self.bus)

    def describe_policy(self, bus=None):
        return self.client.describe_event_bus(Name=bus or self.bus).get("Policy")

    def test_account_principal_exact_document(self):
        resp = self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents",
                                          Principal="111122223333", StatementId="stmt-1")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(self.describe_policy(), policy(stmt("stmt-1", "111122223333", self.arn)))
        self.assertEqual(
            self.describe_policy(),
            '{"Version":"2012-10-17","Statement":[{"Sid":"stmt-1","Effect":"Allow","Principal":{"AWS":'
            '"arn:aws:iam::111122223333:root"},"Action":"events:PutEvents","Resource":"' + self.arn + '"}]}')

    def test_everyone_principal_is_bare_star(self):
        self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="*",
                                   StatementId="everyone")
        doc = self.describe_policy()
        self.assertEqual(doc, policy(stmt("everyone", "*", self.arn)))
        self.assertEqual(json.loads(doc)["Statement"][0]["Principal"], "*")

    def test_org_condition(self):
        self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="*",
                                   StatementId="org", Condition=ORG_CONDITION)
        self.assertEqual(self.describe_policy(), policy(stmt("org", "*", self.arn, ORG_CONDITION)))
        self.assertEqual(json.loads(self.describe_policy())["Statement"][0]["Condition"],
                         {"StringEquals": {"aws:PrincipalOrgID": "o-1234567890"}})

    def test_default_bus_when_name_omitted(self):
        self.client.put_permission(Action="events:PutEvents", Principal="111122223333", StatementId="on-default")
        self.assertEqual(self.client.describe_event_bus()["Policy"],
                         policy(stmt("on-default", "111122223333", bus_arn(self.account, "default"))))
        self.assertNotIn("Policy", self.client.describe_event_bus(Name=self.bus))

    def test_resource_uses_caller_region(self):
        west = self.client_for(self.account, region="eu-west-1")
        west.create_event_bus(Name=self.bus)
        west.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333",
                            StatementId="west")
        arn = bus_arn(self.account, self.bus, region="eu-west-1")
        self.assertEqual(west.describe_event_bus(Name=self.bus)["Policy"], policy(stmt("west", "111122223333", arn)))
        self.assertNotIn("Policy", self.client.describe_event_bus(Name=self.bus))

    def test_owner_account_as_principal(self):
        # AWS-recorded: the bus owner's own account is a valid principal
        self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal=self.account,
                                   StatementId="self")
        self.assertEqual(self.describe_policy(), policy(stmt("self", self.account, self.arn)))

    def test_statements_accumulate_in_order(self):
        calls = [("s1", "111122223333", None), ("s2", "111122223333", None), ("s3", "444455556666", None),
                 ("s4", "*", ORG_CONDITION)]
        for sid, principal, cond in calls:
            kw = {"Condition": cond} if cond else {}
            self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal=principal,
                                       StatementId=sid, **kw)
        self.assertEqual(self.describe_policy(), policy(*(stmt(s, p, self.arn, c) for s, p, c in calls)))

    def test_same_statement_id_twice_keeps_one(self):
        for _ in range(2):
            self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333",
                                       StatementId="dup")
        self.assertEqual(self.describe_policy(), policy(stmt("dup", "111122223333", self.arn)))

    def test_same_statement_id_replaces_statement(self):
        self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333",
                                   StatementId="first")
        self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333",
                                   StatementId="s")
        self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="*",
                                   StatementId="s", Condition=ORG_CONDITION)
        # unverified vs AWS: the replaced statement keeps its position (Terraform updates by re-putting the Sid)
        self.assertEqual(self.describe_policy(), policy(stmt("first", "111122223333", self.arn),
                                                        stmt("s", "*", self.arn, ORG_CONDITION)))

    def test_remove_by_statement_id(self):
        for sid, p in (("keep", "444455556666"), ("drop", "111122223333")):
            self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal=p, StatementId=sid)
        resp = self.client.remove_permission(EventBusName=self.bus, StatementId="drop")
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertEqual(set(resp) - {"ResponseMetadata"}, set())
        self.assertEqual(self.describe_policy(), policy(stmt("keep", "444455556666", self.arn)))

    def test_remove_all_permissions(self):
        for sid in ("a", "b"):
            self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333",
                                       StatementId=sid)
        self.client.remove_permission(EventBusName=self.bus, RemoveAllPermissions=True)
        d = self.client.describe_event_bus(Name=self.bus)
        self.assertNotIn("Policy", d)
        # and the bus accepts new statements afterwards
        self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333",
                                   StatementId="again")
        self.assertEqual(self.describe_policy(), policy(stmt("again", "111122223333", self.arn)))

    def test_remove_unknown_statement(self):
        # AWS-recorded, with and without an existing policy, custom and default bus
        for bus in (self.bus, "default"):
            with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as ctx:
                self.client.remove_permission(EventBusName=bus, StatementId="nope")
            self.assertClientError(ctx, "ResourceNotFoundException", "Statement with the provided id does not exist.")
        self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333",
                                   StatementId="there")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as ctx:
            self.client.remove_permission(EventBusName=self.bus, StatementId="nope")
        self.assertClientError(ctx, "ResourceNotFoundException", "Statement with the provided id does not exist.")
        self.assertEqual(self.describe_policy(), policy(stmt("there", "111122223333", self.arn)))

    def test_remove_all_without_policy(self):
        # unverified vs AWS: LocalStack's AWS-validated test expects an error here; the code is
        # ResourceNotFoundException in every emulator, the message is not recorded.
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
            self.client.remove_permission(EventBusName=self.bus, RemoveAllPermissions=True)

    def test_unknown_bus(self):
        name = unique("missing")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as ctx:
            self.client.put_permission(EventBusName=name, Action="events:PutEvents", Principal="111122223333",
                                       StatementId="x")
        self.assertClientError(ctx, "ResourceNotFoundException", f"Event bus {name} does not exist.")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as ctx:
            self.client.remove_permission(EventBusName=name, StatementId="x")
        self.assertClientError(ctx, "ResourceNotFoundException", f"Event bus {name} does not exist.")

    def test_policy_deleted_with_bus(self):
        self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333",
                                   StatementId="x")
        self.client.delete_event_bus(Name=self.bus)
        self.client.create_event_bus(Name=self.bus)
        self.assertNotIn("Policy", self.client.describe_event_bus(Name=self.bus))

    def test_policy_in_list_event_buses(self):
        # the CLI list-event-buses example shows Policy on the listed bus
        self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333",
                                   StatementId="listed")
        buses = {b["Name"]: b for b in self.client.list_event_buses(NamePrefix=self.bus)["EventBuses"]}
        self.assertEqual(buses[self.bus].get("Policy"), policy(stmt("listed", "111122223333", self.arn)))


class PolicyForm(CompatTestCase):
    def setUp(self):
        super().setUp()
        self.bus = unique("polform")
        self.client.create_event_bus(Name=self.bus)
        self.arn = bus_arn(self.account, self.bus)

    def test_policy_replaces_whole_policy(self):
        for sid in ("a", "b", "c"):
            self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333",
                                       StatementId=sid)
        doc = {"Version": "2012-10-17", "Statement": [{
            "Sid": "service", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
            "Action": "events:ListRules", "Resource": "*"}]}
        self.client.put_permission(EventBusName=self.bus, Policy=json.dumps(doc))
        got = self.client.describe_event_bus(Name=self.bus)["Policy"]
        # AWS-recorded: the document comes back as given (compared parsed: AWS's whitespace is not recorded)
        self.assertEqual(json.loads(got), doc)

    def test_policy_with_role_and_action_list(self):
        doc = {"Version": "2012-10-17", "Statement": [
            {"Sid": "role", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/publisher"},
             "Action": ["events:PutEvents", "events:PutRule"], "Resource": self.arn},
            {"Sid": "org", "Effect": "Allow", "Principal": "*", "Action": "events:PutEvents", "Resource": self.arn,
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1234567890"}}}]}
        self.client.put_permission(EventBusName=self.bus, Policy=json.dumps(doc, separators=(",", ":")))
        self.assertEqual(json.loads(self.client.describe_event_bus(Name=self.bus)["Policy"]), doc)
        # a Sid from the Policy form can be removed like any other
        self.client.remove_permission(EventBusName=self.bus, StatementId="role")
        self.assertEqual(json.loads(self.client.describe_event_bus(Name=self.bus)["Policy"])["Statement"],
                         [doc["Statement"][1]])

    def test_compact_policy_comes_back_unchanged(self):
        # a compact document in AWS's own key order must come back byte for byte ('/' not escaped)
        doc = ('{"Version":"2012-10-17","Statement":[{"Sid":"role","Effect":"Allow","Principal":{"AWS":'
               '"arn:aws:iam::111122223333:role/team/publisher"},"Action":"events:PutEvents","Resource":"'
               + self.arn + '"}]}')
        self.client.put_permission(EventBusName=self.bus, Policy=doc)
        self.assertEqual(self.client.describe_event_bus(Name=self.bus)["Policy"], doc)

    def test_legacy_after_policy_form_appends(self):
        doc = {"Version": "2012-10-17", "Statement": [
            {"Sid": "base", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
             "Action": "events:PutEvents", "Resource": self.arn}]}
        self.client.put_permission(EventBusName=self.bus, Policy=json.dumps(doc))
        self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333",
                                   StatementId="more")
        stmts = json.loads(self.client.describe_event_bus(Name=self.bus)["Policy"])["Statement"]
        self.assertEqual([s["Sid"] for s in stmts], ["base", "more"])
        self.assertEqual(stmts[1], json.loads(stmt("more", "111122223333", self.arn)))

    def test_policy_too_long(self):
        statements = [json.loads(stmt(f"s{i:03d}", f"{100000000000 + i}", self.arn)) for i in range(80)]
        doc = json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":"))
        self.assertGreater(len(doc), 10240)
        with self.assertRaises(self.client.exceptions.PolicyLengthExceededException) as ctx:
            self.client.put_permission(EventBusName=self.bus, Policy=doc)
        # message from real AWS errors quoted in aws-solutions/quota-monitor-for-aws#26
        self.assertClientError(ctx, "PolicyLengthExceededException",
                               "Policy size would be larger than the maximum allowed.")
        self.assertNotIn("Policy", self.client.describe_event_bus(Name=self.bus))

    def test_statements_until_too_long(self):
        added = []
        with self.assertRaises(self.client.exceptions.PolicyLengthExceededException):
            for i in range(200):
                sid = f"grow-{i:03d}"
                self.client.put_permission(EventBusName=self.bus, Action="events:PutEvents",
                                           Principal=f"{200000000000 + i}", StatementId=sid)
                added.append(sid)
        got = self.client.describe_event_bus(Name=self.bus)["Policy"]
        self.assertLessEqual(len(got), 10240)
        # everything accepted before the refusal is kept, the refused statement is not
        self.assertEqual([s["Sid"] for s in json.loads(got)["Statement"]], added)
        self.assertGreater(len(added), 30)


class PutPermissionValidation(CompatTestCase):
    def setUp(self):
        super().setUp()
        self.bus = unique("val")
        self.client.create_event_bus(Name=self.bus)

    def put(self, **kw):
        args = dict(EventBusName=self.bus, Action="events:PutEvents", Principal="111122223333", StatementId="ok")
        args.update(kw)
        args = {k: v for k, v in args.items() if v is not None}
        return self.client.put_permission(**args)

    def assertValidation(self, message, **kw):
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.put(**kw)
        self.assertClientError(ctx, "ValidationException", message)
        self.assertNotIn("Policy", self.client.describe_event_bus(Name=self.bus))

    def test_bad_principal(self):
        self.assertValidation(
            r"1 validation error detected: Value 'abc' at 'principal' failed to satisfy constraint: "
            r"Member must satisfy regular expression pattern: (\d{12}|\*)", Principal="abc")

    def test_principal_too_long(self):
        p = "1111222233334"
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.put(Principal=p)
        self.assertValidationError(
            ctx,
            f"Value '{p}' at 'principal' failed to satisfy constraint: Member must have length less than or equal to 12",
            f"Value '{p}' at 'principal' failed to satisfy constraint: Member must satisfy regular expression "
            r"pattern: (\d{12}|\*)")

    def test_statement_id_too_long(self):
        sid = "s" * 65
        self.assertValidation(
            f"1 validation error detected: Value '{sid}' at 'statementId' failed to satisfy constraint: "
            "Member must have length less than or equal to 64", StatementId=sid)

    def test_statement_id_64_is_fine(self):
        sid = "s" * 64
        self.put(StatementId=sid)
        self.assertEqual(json.loads(self.client.describe_event_bus(Name=self.bus)["Policy"])["Statement"][0]["Sid"], sid)

    def test_statement_id_pattern(self):
        self.assertValidation(self.validation_message(
            "Value 'has space' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression "
            "pattern: [a-zA-Z0-9-_]+"), StatementId="has space")

    def test_action_pattern(self):
        self.assertValidation(self.validation_message(
            "Value 'PutEvents' at 'action' failed to satisfy constraint: Member must satisfy regular expression "
            "pattern: events:[a-zA-Z]+"), Action="PutEvents")

    def test_action_other_than_put_events(self):
        # unverified vs AWS: only events:PutEvents is allowed (LocalStack test comment); message is moto's
        self.assertValidation("Provided value in parameter 'action' is not supported.", Action="events:ListRules")

    def test_event_bus_arn_not_allowed(self):
        # PutPermission's EventBusName is NonPartnerEventBusName: a name only, no ':' or '/'
        arn = bus_arn(self.account, self.bus)
        self.assertValidation(self.validation_message(
            f"Value '{arn}' at 'eventBusName' failed to satisfy constraint: Member must satisfy regular expression "
            r"pattern: [\.\-_A-Za-z0-9]+"), EventBusName=arn)

    def test_several_errors_in_one_message(self):
        sid = "!" * 65
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.put(Principal="abc", StatementId=sid)
        e = self.assertClientError(ctx, "ValidationException")
        self.assertTrue(e["Message"].startswith("3 validation errors detected: "), e["Message"])
        for part in (r"Value 'abc' at 'principal' failed to satisfy constraint: Member must satisfy regular "
                     r"expression pattern: (\d{12}|\*)",
                     f"Value '{sid}' at 'statementId' failed to satisfy constraint: Member must have length less "
                     "than or equal to 64",
                     f"Value '{sid}' at 'statementId' failed to satisfy constraint: Member must satisfy regular "
                     "expression pattern: [a-zA-Z0-9-_]+"):
            self.assertIn(part, e["Message"])

    def test_condition_requires_star_principal(self):
        # unverified vs AWS: Condition needs Principal "*" (LocalStack test comment); moto's code is
        # InvalidParameterValue, the issue asks for AWS's (unrecorded) behaviour: a 400 refusal
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.put(Principal="111122223333", Condition=ORG_CONDITION)
        self.assertIn(ctx.exception.response["Error"]["Code"], ("ValidationException", "InvalidParameterValue"))
        self.assertEqual(ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertNotIn("Policy", self.client.describe_event_bus(Name=self.bus))

    def test_condition_bad_type_or_key(self):
        # unverified vs AWS: only StringEquals / aws:PrincipalOrgID are supported; message not recorded
        for cond in ({"Type": "StringLike", "Key": "aws:PrincipalOrgID", "Value": "o-1234567890"},
                     {"Type": "StringEquals", "Key": "aws:SourceAccount", "Value": "111122223333"}):
            with self.assertRaises(self.client.exceptions.ClientError) as ctx:
                self.put(Principal="*", Condition=cond)
            self.assertClientError(ctx, "ValidationException")
        self.assertNotIn("Policy", self.client.describe_event_bus(Name=self.bus))

    def test_policy_with_statement_id(self):
        # unverified vs AWS: Policy together with the legacy members is refused (emulators: ValidationException)
        doc = json.dumps({"Version": "2012-10-17", "Statement": []})
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.put_permission(EventBusName=self.bus, Policy=doc, StatementId="x", Action="events:PutEvents",
                                       Principal="111122223333")
        self.assertClientError(ctx, "ValidationException")

    def test_neither_policy_nor_statement(self):
        # unverified vs AWS: nothing to put is refused (emulators: ValidationException)
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.put_permission(EventBusName=self.bus)
        self.assertClientError(ctx, "ValidationException")

    def test_policy_not_json(self):
        # unverified vs AWS: an undecodable Policy document is a ValidationException
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.put_permission(EventBusName=self.bus, Policy="{not json")
        self.assertClientError(ctx, "ValidationException")
        self.assertNotIn("Policy", self.client.describe_event_bus(Name=self.bus))

    def test_remove_permission_without_statement_id(self):
        # unverified vs AWS: LocalStack's message "Parameter StatementId is required."
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.remove_permission(EventBusName=self.bus)
        self.assertClientError(ctx, "ValidationException", "Parameter StatementId is required.")


if __name__ == "__main__":
    unittest.main()
