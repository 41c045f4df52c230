namespace NrmHub.Tests.Infrastructure;

/// <summary>Tests that only read share one booted app; tests that change users get their own factory.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<NrmAppFactory>
{
    public const string Name = "app";
}
