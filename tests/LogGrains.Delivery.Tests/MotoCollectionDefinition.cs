using LogGrains.Testing.Moto;

namespace LogGrains.Delivery.Tests;

[CollectionDefinition(MotoTests.Collection)]
public sealed class MotoCollectionDefinition : ICollectionFixture<MotoServer>;
