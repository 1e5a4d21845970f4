using System.Text.Json;
using LogGrains.Aws.Tenants;
using LogGrains.Core.Tenants;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using static LogGrains.Silo.Tests.Cli.CliAws;

namespace LogGrains.Silo.Tests.Cli;

/// <summary>Content rules through the CLI: put and get them, see an invalid pattern's reason, and try rules on sample lines.</summary>
[Collection(MotoTests.Collection)]
public sealed class CliContentRulesTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await CliAws.StartProxyAsync(moto);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Rules_put_as_a_typed_item_come_back_from_get_and_validate_runs_them_over_sample_lines()
    {
        var group = "/rosa/" + MotoServer.UniqueName("ruled");
        await CliAws.CreateLogGroupAsync(moto, CustomerAccount, group);
        var settings = await CliAws.SettingsAsync(moto, _proxy.Endpoint);
        var item = """
            {
              "tenant_id": {"S": "ruled"},
              "type": {"S": "cloudwatch"},
              "log_distribution_role_arn": {"S": "ROLE"},
              "external_id": {"S": "ACCOUNT"},
              "log_group_name": {"S": "GROUP"},
              "include_patterns": {"L": [{"S": "^level=(info|error) "}]},
              "exclude_patterns": {"SS": ["/healthz"]},
              "redact": {"L": [{"S": "email"}, {"M": {"name": {"S": "order"}, "pattern": {"S": "ORD-[0-9]+"}, "replacement": {"S": "ORD-#"}}}]}
            }
            """.Replace("ROLE", CustomerRole, StringComparison.Ordinal).Replace("ACCOUNT", CentralAccount, StringComparison.Ordinal).Replace("GROUP", group, StringComparison.Ordinal);
        await CliAws.PutAsync(settings, item);

        var get = await CliRun.RunAsync(settings, "tenants", "get", "ruled", "--json");
        using (var document = JsonDocument.Parse(get.Out))
        {
            var stored = Assert.Single(document.RootElement.GetProperty("items").EnumerateArray());
            var redact = stored.GetProperty("redact").GetProperty("L").EnumerateArray().ToList();
            Assert.Equal("email", redact[0].GetProperty("S").GetString());
            Assert.Equal("ORD-[0-9]+", redact[1].GetProperty("M").GetProperty("pattern").GetProperty("S").GetString());
            Assert.Equal(["^level=(info|error) "], stored.GetProperty("include_patterns").GetProperty("L").EnumerateArray().Select(e => e.GetProperty("S").GetString()));
        }

        var table = await CliRun.RunAsync(settings, "tenants", "get", "ruled");
        Assert.Contains("name: order", table.Out, StringComparison.Ordinal);

        var validate = await CliRun.RunAsync(
            settings, "tenants", "validate", "ruled", "--json",
            "--sample", "level=info order ORD-42 for jane@example.com",
            "--sample", "level=debug cache warm",
            "--sample", "level=info GET /healthz 200");

        Assert.True(validate.Exit == 0, validate.ToString());
        using var result = JsonDocument.Parse(validate.Out);
        var samples = result.RootElement.GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("check").GetString()!.StartsWith("sample ", StringComparison.Ordinal))
            .Select(c => c.GetProperty("detail").GetString())
            .ToList();
        Assert.Equal(
            [
                "kept, redacted (email ×1, order ×1): level=info order ORD-# for [REDACTED:email]",
                "excluded by include_patterns/exclude_patterns",
                "excluded by include_patterns/exclude_patterns",
            ],
            samples);
    }

    [Fact]
    public async Task An_invalid_pattern_is_refused_by_put_and_shown_by_get_and_validate_when_the_table_holds_it()
    {
        var settings = await CliAws.SettingsAsync(moto, _proxy.Endpoint);
        var item = $$"""{"tenant_id":"broken","type":"cloudwatch","log_distribution_role_arn":"{{CustomerRole}}","log_group_name":"/rosa/broken","exclude_patterns":["ok","(?<=x)y"]}""";

        var put = await CliRun.RunWithInputAsync(settings, item, null, "tenants", "put", "-");
        Assert.NotEqual(0, put.Exit);
        Assert.Contains("exclude_patterns[1]", put.ToString(), StringComparison.Ordinal);

        // Written past the CLI, as an operator's script might.
        using (var store = new DynamoDbTenantStore(
            new DynamoDbTenantStoreOptions { TableName = settings["LogGrains:Tenants:TableName"]!, Region = MotoServer.Region, ServiceUrl = moto.Endpoint },
            TestAws.DefaultCredentials))
        {
            await store.PutItemAsync(new TenantItem(new Dictionary<string, TenantAttribute>
            {
                ["tenant_id"] = TenantAttribute.S("broken"),
                ["type"] = TenantAttribute.S("cloudwatch"),
                ["log_distribution_role_arn"] = TenantAttribute.S(CustomerRole),
                ["log_group_name"] = TenantAttribute.S("/rosa/broken"),
                ["exclude_patterns"] = TenantAttribute.L([TenantAttribute.S("ok"), TenantAttribute.S("(?<=x)y")]),
            }), CancellationToken.None);
        }

        var get = await CliRun.RunAsync(settings, "tenants", "get", "broken");
        Assert.Contains("✗ exclude_patterns[1]: '(?<=x)y' cannot run in linear time", get.Out, StringComparison.Ordinal);
        var validate = await CliRun.RunAsync(settings, "tenants", "validate", "broken", "--json");
        Assert.Equal(1, validate.Exit);
        using var result = JsonDocument.Parse(validate.Out);
        var configuration = Assert.Single(result.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("check").GetString() == "configuration");
        Assert.False(configuration.GetProperty("ok").GetBoolean());
        Assert.StartsWith("exclude_patterns[1]: '(?<=x)y' cannot run in linear time", configuration.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_profile_stores_custom_rules_as_plain_objects_and_reads_them_back()
    {
        var root = Directory.CreateTempSubdirectory("loggrains-rules-");
        try
        {
            var settings = new Dictionary<string, string?> { ["LogGrains:Profile"] = "local", ["LogGrains:Local:Root"] = root.FullName };
            var item = $$"""{"tenant_id":"local-ruled","type":"cloudwatch","log_distribution_role_arn":"{{CustomerRole}}","log_group_name":"/local/ruled","redact":["email",{"name":"pin","pattern":"pin=[0-9]{4}","replacement":"pin=****"}]}""";

            await CliAws.PutAsync(settings, item);
            var get = await CliRun.RunAsync(settings, "tenants", "get", "local-ruled", "--json");

            using (var file = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(root.FullName, "tenants.json"))))
            {
                var stored = file.RootElement.EnumerateArray().Single(i => i.GetProperty("tenant_id").GetString() == "local-ruled");
                Assert.Equal("pin=****", stored.GetProperty("redact")[1].GetProperty("replacement").GetString());
            }

            using var document = JsonDocument.Parse(get.Out);
            Assert.True(Assert.Single(document.RootElement.GetProperty("deliveries").EnumerateArray()).GetProperty("valid").GetBoolean());
            var redact = Assert.Single(document.RootElement.GetProperty("items").EnumerateArray()).GetProperty("redact").GetProperty("L");
            Assert.Equal("pin=[0-9]{4}", redact[1].GetProperty("M").GetProperty("pattern").GetProperty("S").GetString());
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
