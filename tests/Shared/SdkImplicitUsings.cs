namespace ProxyStore.Tests.Shared;

/// <summary>
/// What Microsoft.NET.Sdk's <c>ImplicitUsings</c> brings into a console program, for the tests that
/// compile the README's blocks and the samples as a user's project would see them.
/// </summary>
internal static class SdkImplicitUsings
{
    public const string Source = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;
}
