using LogGrains.Core.Tenants;

namespace LogGrains.Core.Tests.Tenants;

public sealed class DynamoDbTableNameTests
{
    [Theory]
    [InlineData("abc", true)]
    [InlineData("loggrains-checkpoints", true)]
    [InlineData("a.b_c-D9", true)]
    [InlineData("ab", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("check points", false)]
    [InlineData("tenants/prod", false)]
    [InlineData("täble", false)]
    public void Accepts_only_3_to_255_letters_digits_dashes_underscores_and_dots(string? name, bool valid) =>
        Assert.Equal(valid, DynamoDbTableName.IsValid(name));

    [Fact]
    public void Length_bounds_are_3_and_255()
    {
        Assert.True(DynamoDbTableName.IsValid(new string('t', 255)));
        Assert.False(DynamoDbTableName.IsValid(new string('t', 256)));
    }
}
