using LogGrains.Testing.Moto;

namespace LogGrains.Silo.Tests;

[CollectionDefinition(MotoTests.Collection)]
public sealed class MotoCollectionDefinition : ICollectionFixture<MotoServer>;
