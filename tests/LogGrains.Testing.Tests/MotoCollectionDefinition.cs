using LogGrains.Testing.Moto;

namespace LogGrains.Testing.Tests;

[CollectionDefinition(MotoTests.Collection)]
public sealed class MotoCollectionDefinition : ICollectionFixture<MotoServer>;
