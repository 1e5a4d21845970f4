using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;

namespace LogGrains.Silo.Tests.Cli;

[Collection(MotoTests.Collection)]
public sealed class CliTenantsTests(MotoServer moto)
{
    [Fact]
    public async Task Tenants_put_get_list_delete_round_trip_against_DynamoDB()
    {
        var settings = await CliAws.SettingsAsync(moto, moto.Endpoint);
        var directory = Directory.CreateTempSubdirectory("loggrains-cli-");
        try
        {
            var cloudwatch = Path.Combine(directory.FullName, "acme-cloudwatch.json");
            await File.WriteAllTextAsync(cloudwatch, """
                {
                  "tenant_id": {"S": "acme"},
                  "type": {"S": "cloudwatch"},
                  "log_distribution_role_arn": {"S": "arn:aws:iam::210987654321:role/log-writer"},
                  "log_group_name": {"S": "/rosa/acme"},
                  "desired_logs": {"L": [{"S": "payments"}, {"S": "web"}]},
                  "enabled": {"BOOL": true}
                }
                """);
            var put = await CliRun.RunAsync(settings, "tenants", "put", cloudwatch);
            Assert.True(put.Exit == 0, put.ToString());
            Assert.Contains("✓ put tenant 'acme' cloudwatch", put.Out, StringComparison.Ordinal);

            // The plain shape, from standard input.
            var s3Item = """{"tenant_id":"acme","type":"s3","log_distribution_role_arn":"arn:aws:iam::210987654321:role/log-writer","bucket_name":"acme-logs","external_id":"ext-acme-1"}""";
            await CliAws.PutAsync(settings, s3Item);

            var get = await CliRun.RunAsync(settings, "tenants", "get", "acme", "--json");
            Assert.True(get.Exit == 0, get.ToString());
            using (var document = JsonDocument.Parse(get.Out))
            {
                var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();
                Assert.Equal(2, items.Count);
                var stored = items.Single(i => i.GetProperty("type").GetProperty("S").GetString() == "cloudwatch");
                Assert.Equal("/rosa/acme", stored.GetProperty("log_group_name").GetProperty("S").GetString());
                Assert.Equal(["payments", "web"], stored.GetProperty("desired_logs").GetProperty("L").EnumerateArray().Select(e => e.GetProperty("S").GetString()));
                Assert.All(document.RootElement.GetProperty("deliveries").EnumerateArray(), d => Assert.True(d.GetProperty("valid").GetBoolean()));
            }

            var table = await CliRun.RunAsync(settings, "tenants", "get", "acme");
            Assert.True(table.Exit == 0, table.ToString());
            Assert.Contains("/rosa/acme", table.Out, StringComparison.Ordinal);
            Assert.Contains("ext-acme-1", table.Out, StringComparison.Ordinal);

            var other = """{"tenant_id":"globex","log_distribution_role_arn":"arn:aws:iam::333333333333:role/log-writer","log_group_name":"/rosa/globex","type":"cloudwatch"}""";
            await CliAws.PutAsync(settings, other);
            var list = await CliRun.RunAsync(settings, "tenants", "list", "--json");
            Assert.True(list.Exit == 0, list.ToString());
            using (var document = JsonDocument.Parse(list.Out))
            {
                var tenants = document.RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("tenant").GetString()!, t => t.GetProperty("deliveries").GetArrayLength());
                Assert.Equal(new Dictionary<string, int> { ["acme"] = 2, ["globex"] = 1 }, tenants);
            }

            var listTable = await CliRun.RunAsync(settings, "tenants", "list");
            Assert.Contains("2 tenant(s), 3 delivery item(s)", listTable.Out, StringComparison.Ordinal);

            var deleteS3 = await CliRun.RunAsync(settings, "tenants", "delete", "acme", "--type", "s3");
            Assert.True(deleteS3.Exit == 0, deleteS3.ToString());
            Assert.Equal(["cloudwatch"], await StoredTypesAsync(settings, "acme"));

            var deleteAll = await CliRun.RunAsync(settings, "tenants", "delete", "acme");
            Assert.True(deleteAll.Exit == 0, deleteAll.ToString());
            Assert.Empty(await StoredTypesAsync(settings, "acme"));
            var gone = await CliRun.RunAsync(settings, "tenants", "get", "acme");
            Assert.Equal(1, gone.Exit);
            Assert.Contains("acme", gone.Error, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Tenants_put_refuses_an_invalid_item_with_its_reasons_and_writes_nothing()
    {
        var settings = await CliAws.SettingsAsync(moto, moto.Endpoint);
        var invalid = """
            [
              {"tenant_id":"initech","type":"cloudwatch","log_distribution_role_arn":"arn:aws:iam::444444444444:role/ok","log_group_name":"/rosa/initech"},
              {"tenant_id":"initech","type":"s3","log_distribution_role_arn":"arn:aws:iam::4444:user/not-a-role","target_region":"mars-1","external_id":"x"}
            ]
            """;

        var result = await CliRun.RunWithInputAsync(settings, invalid, null, "tenants", "put", "-");

        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("nothing was written", result.Error, StringComparison.Ordinal);
        Assert.Contains("log_distribution_role_arn", result.Error, StringComparison.Ordinal);
        Assert.Contains("target_region", result.Error, StringComparison.Ordinal);
        Assert.Contains("bucket_name: is missing", result.Error, StringComparison.Ordinal);
        Assert.Contains("external_id", result.Error, StringComparison.Ordinal);
        using var dynamo = TestAws.DynamoDb(moto.Endpoint);
        var scan = await dynamo.ScanAsync(new ScanRequest { TableName = settings["LogGrains:Tenants:TableName"] });
        Assert.Empty(scan.Items ?? []);
    }

    [Fact]
    public async Task Tenants_verbs_work_on_the_local_profile_tenant_file()
    {
        var root = Directory.CreateTempSubdirectory("loggrains-cli-local-");
        try
        {
            var settings = new Dictionary<string, string?> { ["LogGrains:Profile"] = "local", ["LogGrains:Local:Root"] = root.FullName };
            var item = """{"tenant_id":"hooli","log_distribution_role_arn":"arn:aws:iam::555555555555:role/w","log_group_name":"/rosa/hooli"}""";

            var put = await CliRun.RunWithInputAsync(settings, item, null, "tenants", "put", "-");
            var written = await File.ReadAllTextAsync(Path.Combine(root.FullName, "tenants.json"));
            var list = await CliRun.RunAsync(settings, "tenants", "list", "--json");
            var delete = await CliRun.RunAsync(settings, "tenants", "delete", "hooli");
            var after = await CliRun.RunAsync(settings, "tenants", "get", "hooli");

            Assert.True(put.Exit == 0, put.ToString());
            Assert.Contains("\"hooli\"", written, StringComparison.Ordinal);
            Assert.Contains("\"tenant\": \"hooli\"", list.Out, StringComparison.Ordinal);
            Assert.True(delete.Exit == 0, delete.ToString());
            Assert.Equal(1, after.Exit);
            var validate = await CliRun.RunAsync(settings, "tenants", "validate", "hooli");
            Assert.Equal(2, validate.Exit);
            Assert.Contains("LogGrains:Profile", validate.Error, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private async Task<List<string>> StoredTypesAsync(Dictionary<string, string?> settings, string tenant)
    {
        using var dynamo = TestAws.DynamoDb(moto.Endpoint);
        var scan = await dynamo.ScanAsync(new ScanRequest { TableName = settings["LogGrains:Tenants:TableName"] });
        return [.. (scan.Items ?? []).Where(i => i["tenant_id"].S == tenant).Select(i => i["type"].S).Order(StringComparer.Ordinal)];
    }
}
