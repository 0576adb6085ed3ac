using System.Reflection;

namespace ProxyStore.Package.Tests;

/// <summary>One base for the library's own exceptions, so an application can catch them all in one clause.</summary>
public sealed class ExceptionHierarchyTests
{
    public static TheoryData<string> Assemblies => new()
    {
        typeof(Store).Assembly.GetName().Name!,
        typeof(Connectors.RedisConnector).Assembly.GetName().Name!,
        typeof(Extensions.Hosting.ProxyStoreBuilder).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_public_exception_of_the_package_derives_from_ProxyStoreException(string assemblyName)
    {
        Type[] exceptions = [.. Assembly.Load(assemblyName).GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t))];

        Assert.NotEmpty(exceptions);
        Assert.All(exceptions, t => Assert.True(typeof(ProxyStoreException).IsAssignableFrom(t), $"{t.FullName} derives from {t.BaseType}"));
    }
}
