"""Event buses through boto3: CreateEventBus, DescribeEventBus, ListEventBuses, UpdateEventBus,
DeleteEventBus and tags.  Messages are AWS's (LocalStack snapshots recorded against AWS, see
https://github.com/localstack/localstack tests/aws/services/events/)."""
import datetime
import time
import unittest

from compat import CompatTestCase, bus_arn, new_account, unique

DLQ = "arn:aws:sqs:us-east-1:123456789012:switchyard-dlq"
KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


class EventBusLifecycle(CompatTestCase):
    def test_create_returns_arn_for_caller_account_and_region(self):
        name = unique()
        resp = self.client.create_event_bus(Name=name)
        self.assertEqual(resp["EventBusArn"], bus_arn(self.account, name))
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 200)

    def test_region_comes_from_signature_scope(self):
        name = unique()
        west = self.client_for(self.account, region="eu-west-1")
        resp = west.create_event_bus(Name=name)
        self.assertEqual(resp["EventBusArn"], f"arn:aws:events:eu-west-1:{self.account}:event-bus/{name}")
        # a bus lives in one region only
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as ctx:
            self.client.describe_event_bus(Name=name)
        self.assertClientError(ctx, "ResourceNotFoundException", f"Event bus {name} does not exist.")

    def test_describe_new_bus(self):
        name = unique()
        self.client.create_event_bus(Name=name)
        d = self.client.describe_event_bus(Name=name)
        self.assertEqual(d["Name"], name)
        self.assertEqual(d["Arn"], bus_arn(self.account, name))
        self.assertIsInstance(d["CreationTime"], datetime.datetime)
        self.assertIsInstance(d["LastModifiedTime"], datetime.datetime)
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertLess(abs((now - d["CreationTime"]).total_seconds()), 300)
        for absent in ("Policy", "Description", "KmsKeyIdentifier", "DeadLetterConfig"):
            self.assertNotIn(absent, d)

    def test_describe_by_arn(self):
        name = unique()
        self.client.create_event_bus(Name=name)
        d = self.client.describe_event_bus(Name=bus_arn(self.account, name))
        self.assertEqual(d["Name"], name)
        self.assertEqual(d["Arn"], bus_arn(self.account, name))

    def test_describe_with_malformed_arn(self):
        name = "arn:aws:events:us-east-1:123:event-bus/short-account"
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.describe_event_bus(Name=name)
        self.assertClientError(ctx, "ValidationException", self.validation_message(
            f"Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: "
            r"(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+"))

    def test_default_bus_exists_in_every_account_and_region(self):
        d = self.client.describe_event_bus()
        self.assertEqual(d["Name"], "default")
        self.assertEqual(d["Arn"], bus_arn(self.account, "default"))
        self.assertNotIn("Policy", d)
        d2 = self.client.describe_event_bus(Name="default")
        self.assertEqual(d2["Arn"], d["Arn"])
        west = self.client_for(self.account, region="us-west-2")
        self.assertEqual(west.describe_event_bus()["Arn"],
                         f"arn:aws:events:us-west-2:{self.account}:event-bus/default")

    def test_default_bus_times_are_stable(self):
        first = self.client.describe_event_bus()
        time.sleep(1.1)
        second = self.client.describe_event_bus()
        self.assertEqual(first["CreationTime"], second["CreationTime"])
        self.assertEqual(first["LastModifiedTime"], second["LastModifiedTime"])
        listed = self.client.list_event_buses()["EventBuses"]
        self.assertEqual([b["CreationTime"] for b in listed if b["Name"] == "default"], [first["CreationTime"]])

    def test_default_bus_cannot_be_deleted(self):
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.delete_event_bus(Name="default")
        self.assertClientError(ctx, "ValidationException", "Cannot delete event bus default.")
        self.assertEqual(self.client.describe_event_bus()["Name"], "default")

    def test_default_bus_cannot_be_created(self):
        with self.assertRaises(self.client.exceptions.ResourceAlreadyExistsException) as ctx:
            self.client.create_event_bus(Name="default")
        self.assertClientError(ctx, "ResourceAlreadyExistsException", "Event bus default already exists.")

    def test_duplicate_create(self):
        name = unique()
        self.client.create_event_bus(Name=name)
        with self.assertRaises(self.client.exceptions.ResourceAlreadyExistsException) as ctx:
            self.client.create_event_bus(Name=name)
        self.assertClientError(ctx, "ResourceAlreadyExistsException", f"Event bus {name} already exists.")

    def test_unknown_bus(self):
        name = unique("missing")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as ctx:
            self.client.describe_event_bus(Name=name)
        self.assertClientError(ctx, "ResourceNotFoundException", f"Event bus {name} does not exist.")

    def test_delete(self):
        name = unique()
        self.client.create_event_bus(Name=name)
        resp = self.client.delete_event_bus(Name=name)
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 200)
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
            self.client.describe_event_bus(Name=name)
        names = [b["Name"] for b in self.client.list_event_buses()["EventBuses"]]
        self.assertNotIn(name, names)
        # the name is free again
        self.client.create_event_bus(Name=name)

    def test_delete_unknown_bus_succeeds(self):
        # AWS-recorded (LocalStack test_describe_delete_not_existing_event_bus): no error
        resp = self.client.delete_event_bus(Name=unique("never-created"))
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 200)

    def test_name_with_invalid_characters(self):
        name = "bad name!"
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.create_event_bus(Name=name)
        self.assertClientError(ctx, "ValidationException", self.validation_message(
            f"Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular "
            r"expression pattern: [/\.\-_A-Za-z0-9]+"))

    def test_slash_only_for_partner_buses(self):
        # measured against AWS (a CDK preflight rule quotes it; moto has the same text)
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.create_event_bus(Name="team/bus")
        self.assertClientError(ctx, "ValidationException", "Event bus name must not contain '/'.")

    def test_name_too_long(self):
        name = "n" * 257
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.create_event_bus(Name=name)
        self.assertClientError(ctx, "ValidationException", self.validation_message(
            f"Value '{name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 256"))

    def test_two_validation_errors(self):
        name = "!" * 257
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.create_event_bus(Name=name)
        self.assertValidationError(
            ctx,
            f"Value '{name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 256",
            f"Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular "
            r"expression pattern: [/\.\-_A-Za-z0-9]+")


class EventBusMembers(CompatTestCase):
    def test_create_with_every_member(self):
        name = unique()
        log = {"IncludeDetail": "FULL", "Level": "INFO"}
        resp = self.client.create_event_bus(
            Name=name, Description="orders from the shop", KmsKeyIdentifier=KMS,
            DeadLetterConfig={"Arn": DLQ}, LogConfig=log, Tags=[{"Key": "team", "Value": "shop"}])
        self.assertEqual(resp["EventBusArn"], bus_arn(self.account, name))
        # unverified vs AWS: the create response echoes the optional members (they are in the model's output)
        self.assertEqual(resp.get("Description"), "orders from the shop")
        self.assertEqual(resp.get("KmsKeyIdentifier"), KMS)
        self.assertEqual(resp.get("DeadLetterConfig"), {"Arn": DLQ})
        self.assertEqual(resp.get("LogConfig"), log)

        d = self.client.describe_event_bus(Name=name)
        self.assertEqual(d["Description"], "orders from the shop")
        self.assertEqual(d["KmsKeyIdentifier"], KMS)
        self.assertEqual(d["DeadLetterConfig"], {"Arn": DLQ})
        self.assertEqual(d["LogConfig"], log)
        tags = self.client.list_tags_for_resource(ResourceARN=d["Arn"])["Tags"]
        self.assertEqual(tags, [{"Key": "team", "Value": "shop"}])

    def test_description_too_long(self):
        desc = "d" * 513
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.create_event_bus(Name=unique(), Description=desc)
        self.assertClientError(ctx, "ValidationException", self.validation_message(
            f"Value '{desc}' at 'description' failed to satisfy constraint: Member must have length less than "
            "or equal to 512"))

    def test_log_config_enum(self):
        c = self.client_for(self.account, parameter_validation=False)
        with self.assertRaises(c.exceptions.ClientError) as ctx:
            c.create_event_bus(Name=unique(), LogConfig={"Level": "LOUD"})
        self.assertClientError(ctx, "ValidationException", self.validation_message(
            "Value 'LOUD' at 'logConfig.level' failed to satisfy constraint: Member must satisfy enum value set: "
            "[OFF, ERROR, INFO, TRACE]"))

    def test_kms_key_pattern(self):
        key = "not a key!"
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.create_event_bus(Name=unique(), KmsKeyIdentifier=key)
        self.assertClientError(ctx, "ValidationException", self.validation_message(
            f"Value '{key}' at 'kmsKeyIdentifier' failed to satisfy constraint: Member must satisfy regular "
            r"expression pattern: ^[a-zA-Z0-9_\-/:]*$"))

    def test_update(self):
        name = unique()
        self.client.create_event_bus(Name=name, Description="first")
        before = self.client.describe_event_bus(Name=name)
        log = {"IncludeDetail": "NONE", "Level": "ERROR"}
        resp = self.client.update_event_bus(Name=name, Description="second", KmsKeyIdentifier=KMS,
                                             DeadLetterConfig={"Arn": DLQ}, LogConfig=log)
        self.assertEqual(resp["Arn"], bus_arn(self.account, name))
        self.assertEqual(resp["Name"], name)
        self.assertEqual(resp["Description"], "second")
        d = self.client.describe_event_bus(Name=name)
        self.assertEqual(d["Description"], "second")
        self.assertEqual(d["KmsKeyIdentifier"], KMS)
        self.assertEqual(d["DeadLetterConfig"], {"Arn": DLQ})
        self.assertEqual(d["LogConfig"], log)
        self.assertEqual(d["CreationTime"], before["CreationTime"])
        self.assertGreaterEqual(d["LastModifiedTime"], before["LastModifiedTime"])

    def test_update_unknown_bus(self):
        name = unique("missing")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as ctx:
            self.client.update_event_bus(Name=name, Description="x")
        self.assertClientError(ctx, "ResourceNotFoundException", f"Event bus {name} does not exist.")

    def test_update_default_bus(self):
        # UpdateEventBus without Name works on the default bus (Name is optional in the model)
        resp = self.client.update_event_bus(Description="the default one")
        self.assertEqual(resp["Arn"], bus_arn(self.account, "default"))
        self.assertEqual(self.client.describe_event_bus()["Description"], "the default one")


class ListEventBuses(CompatTestCase):
    def _create(self, names):
        for n in names:
            self.client.create_event_bus(Name=n)

    def test_list_contains_default_and_custom(self):
        names = [unique("a"), unique("b")]
        self._create(names)
        buses = self.client.list_event_buses()["EventBuses"]
        by_name = {b["Name"]: b for b in buses}
        self.assertEqual(set(by_name), set(names) | {"default"})
        for n in names:
            self.assertEqual(by_name[n]["Arn"], bus_arn(self.account, n))
            self.assertIsInstance(by_name[n]["CreationTime"], datetime.datetime)
            self.assertNotIn("Policy", by_name[n])

    def test_name_prefix(self):
        base = unique("pfx")
        self._create([f"{base}-one", f"{base}-two", unique("other")])
        got = sorted(b["Name"] for b in self.client.list_event_buses(NamePrefix=base)["EventBuses"])
        self.assertEqual(got, [f"{base}-one", f"{base}-two"])
        # complete name as prefix (AWS-recorded)
        got = [b["Name"] for b in self.client.list_event_buses(NamePrefix=f"{base}-one")["EventBuses"]]
        self.assertEqual(got, [f"{base}-one"])
        self.assertEqual(self.client.list_event_buses(NamePrefix="zzz-nothing")["EventBuses"], [])

    def test_limit_and_next_token(self):
        base = unique("page")
        names = [f"{base}-{i}" for i in range(6)]
        self._create(names)
        first = self.client.list_event_buses(NamePrefix=base, Limit=3)
        self.assertEqual(len(first["EventBuses"]), 3)
        self.assertIn("NextToken", first)
        second = self.client.list_event_buses(NamePrefix=base, Limit=3, NextToken=first["NextToken"])
        self.assertEqual(len(second["EventBuses"]), 3)
        seen = [b["Name"] for b in first["EventBuses"] + second["EventBuses"]]
        # AWS-recorded (LocalStack test_list_event_buses_with_limit, 6 buses, Limit=3): the second page
        # ends the listing without a NextToken
        self.assertNotIn("NextToken", second)
        self.assertEqual(sorted(seen), sorted(names))

    def test_pagination_walk_with_limit_one(self):
        names = [unique("walk") for _ in range(4)]
        self._create(names)
        seen, token, pages = [], None, 0
        while True:
            kw = {"Limit": 1}
            if token:
                kw["NextToken"] = token
            page = self.client.list_event_buses(**kw)
            pages += 1
            self.assertLessEqual(len(page["EventBuses"]), 1)
            seen += [b["Name"] for b in page["EventBuses"]]
            token = page.get("NextToken")
            if not token:
                break
            self.assertLess(pages, 20, "pagination does not end")
        self.assertEqual(len(seen), len(set(seen)), f"duplicates across pages: {seen}")
        self.assertEqual(set(seen), set(names) | {"default"})

    def test_limit_over_100(self):
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.list_event_buses(Limit=101)
        self.assertClientError(ctx, "ValidationException", self.validation_message(
            "Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"))


class Tags(CompatTestCase):
    def test_tag_list_untag(self):
        name = unique()
        arn = self.client.create_event_bus(Name=name)["EventBusArn"]
        self.assertEqual(self.client.list_tags_for_resource(ResourceARN=arn)["Tags"], [])
        self.client.tag_resource(ResourceARN=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
        tags = self.client.list_tags_for_resource(ResourceARN=arn)["Tags"]
        self.assertEqual(sorted(tags, key=lambda t: t["Key"]), [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
        # same key again overwrites the value
        self.client.tag_resource(ResourceARN=arn, Tags=[{"Key": "a", "Value": "3"}])
        tags = self.client.list_tags_for_resource(ResourceARN=arn)["Tags"]
        self.assertEqual(sorted(tags, key=lambda t: t["Key"]), [{"Key": "a", "Value": "3"}, {"Key": "b", "Value": "2"}])
        self.client.untag_resource(ResourceARN=arn, TagKeys=["a"])
        self.assertEqual(self.client.list_tags_for_resource(ResourceARN=arn)["Tags"], [{"Key": "b", "Value": "2"}])

    def test_tag_constraints(self):
        arn = self.client.create_event_bus(Name=unique())["EventBusArn"]
        key = "k" * 129
        with self.assertRaises(self.client.exceptions.ClientError) as ctx:
            self.client.tag_resource(ResourceARN=arn, Tags=[{"Key": "ok", "Value": "v"}, {"Key": key, "Value": "v"}])
        self.assertClientError(ctx, "ValidationException", self.validation_message(
            f"Value '{key}' at 'tags.2.member.key' failed to satisfy constraint: Member must have length less than "
            "or equal to 128"))
        self.assertEqual(self.client.list_tags_for_resource(ResourceARN=arn)["Tags"], [])

    def test_default_bus_tags(self):
        arn = bus_arn(self.account, "default")
        self.assertEqual(self.client.list_tags_for_resource(ResourceARN=arn)["Tags"], [])
        self.client.tag_resource(ResourceARN=arn, Tags=[{"Key": "k", "Value": "v"}])
        self.assertEqual(self.client.list_tags_for_resource(ResourceARN=arn)["Tags"], [{"Key": "k", "Value": "v"}])

    def test_tags_on_unknown_bus(self):
        name = unique("missing")
        arn = bus_arn(self.account, name)
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as ctx:
            self.client.list_tags_for_resource(ResourceARN=arn)
        self.assertClientError(ctx, "ResourceNotFoundException", f"Event bus {name} does not exist.")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException) as ctx:
            self.client.tag_resource(ResourceARN=arn, Tags=[{"Key": "a", "Value": "1"}])
        self.assertClientError(ctx, "ResourceNotFoundException", f"Event bus {name} does not exist.")

    def test_tags_go_with_the_bus(self):
        # unverified vs AWS: a bus deleted and created again under the same name starts without tags
        name = unique()
        arn = self.client.create_event_bus(Name=name, Tags=[{"Key": "k", "Value": "v"}])["EventBusArn"]
        self.client.delete_event_bus(Name=name)
        self.client.create_event_bus(Name=name)
        self.assertEqual(self.client.list_tags_for_resource(ResourceARN=arn)["Tags"], [])


class AccountIsolation(CompatTestCase):
    A, B = "111111111111", "222222222222"

    def test_accounts_do_not_see_each_other(self):
        a, b = self.client_for(self.A), self.client_for(self.B)
        name = unique("iso")
        arn_a = a.create_event_bus(Name=name)["EventBusArn"]
        self.assertEqual(arn_a, bus_arn(self.A, name))
        with self.assertRaises(b.exceptions.ResourceNotFoundException):
            b.describe_event_bus(Name=name)
        self.assertNotIn(name, [x["Name"] for x in b.list_event_buses(NamePrefix=name)["EventBuses"]])
        # B may own a bus of the same name
        self.assertEqual(b.create_event_bus(Name=name)["EventBusArn"], bus_arn(self.B, name))
        b.delete_event_bus(Name=name)
        self.assertEqual(a.describe_event_bus(Name=name)["Arn"], arn_a)
        a.delete_event_bus(Name=name)

    def test_default_bus_per_account(self):
        a, b = self.client_for(self.A), self.client_for(self.B)
        self.assertEqual(a.describe_event_bus()["Arn"], bus_arn(self.A, "default"))
        self.assertEqual(b.describe_event_bus()["Arn"], bus_arn(self.B, "default"))

    def test_non_numeric_key_maps_to_default_account(self):
        c = self.client_for("AKIAIOSFODNN7EXAMPLE")
        self.assertEqual(c.describe_event_bus()["Arn"], bus_arn("123456789012", "default"))

    def test_permissions_are_per_account(self):
        a, b = self.client_for(new_account()), self.client_for(new_account())
        a.put_permission(Action="events:PutEvents", Principal="111122223333", StatementId="only-a")
        self.assertIn("Policy", a.describe_event_bus())
        self.assertNotIn("Policy", b.describe_event_bus())


if __name__ == "__main__":
    unittest.main()
