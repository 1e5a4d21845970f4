namespace LogGrains.Testing.Moto;

/// <summary>
/// The name of the xunit collection that shares one <see cref="MotoServer"/>. Each test assembly declares
/// <c>[CollectionDefinition(MotoTests.Collection)] public sealed class MotoCollectionDefinition : ICollectionFixture&lt;MotoServer&gt;;</c>
/// and marks its AWS test classes <c>[Collection(MotoTests.Collection)]</c>.
/// </summary>
public static class MotoTests
{
    /// <summary>The collection name.</summary>
    public const string Collection = "moto";
}
