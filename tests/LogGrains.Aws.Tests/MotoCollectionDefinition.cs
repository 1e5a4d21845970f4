using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests;

[CollectionDefinition(MotoTests.Collection)]
public sealed class MotoCollectionDefinition : ICollectionFixture<MotoServer>;
