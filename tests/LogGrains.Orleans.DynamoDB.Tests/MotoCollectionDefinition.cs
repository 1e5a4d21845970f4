using LogGrains.Testing.Moto;

namespace LogGrains.Orleans.DynamoDB.Tests;

[CollectionDefinition(MotoTests.Collection)]
public sealed class MotoCollectionDefinition : ICollectionFixture<MotoServer>;
