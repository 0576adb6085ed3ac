using System.Text.RegularExpressions;

namespace ProxyStore.Package.Tests;

/// <summary>
/// Namespaces follow folders. A file's namespace is its project's root namespace followed by
/// some leading folders of its path; the folders after those only group files (DESIGN.md keeps
/// ownership, lifetimes, exceptions and the rest in the one <c>ProxyStore</c> namespace), so none
/// of them may be a namespace of the same project. Extension methods that users find through
/// the ecosystem's own namespaces (dependency injection, OpenTelemetry) and compiler polyfills
/// are the exceptions.
/// </summary>
public sealed partial class NamespaceLayoutTests
{
    private static readonly string[] EcosystemNamespaces =
        ["Microsoft.Extensions.DependencyInjection", "OpenTelemetry.Metrics", "OpenTelemetry.Trace", "System.Runtime.CompilerServices"];

    [Fact]
    public void Every_source_file_is_in_the_namespace_its_folders_name()
    {
        string src = Path.Combine(RepositoryRoot.Path, "src");
        var files = Directory.EnumerateDirectories(src)
            .SelectMany(project => Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsBuildOutput(Path.GetRelativePath(project, f)))
                .Select(f => (Project: project, Folders: Folders(project, f), Namespace: NamespaceOf(f), Path: Path.GetRelativePath(src, f))))
            .ToList();
        Assert.True(files.Count > 300, $"only {files.Count} source files found under {src}");

        var namespaces = files.Select(f => f.Namespace).ToHashSet(StringComparer.Ordinal);
        var wrong = new List<string>();
        foreach (var file in files.Where(f => !EcosystemNamespaces.Contains(f.Namespace)))
        {
            string root = RootNamespace(file.Project);
            string[] path = file.Folders;
            int depth = Enumerable.Range(0, path.Length + 1).LastOrDefault(k => file.Namespace == Join(root, path[..k]), -1);
            if (depth < 0)
            {
                wrong.Add($"{file.Path}: namespace {file.Namespace}, but its folders name {Join(root, path)}");
            }
            else if (depth < path.Length && namespaces.Contains(Join(root, path[..(depth + 1)])))
            {
                wrong.Add($"{file.Path}: namespace {file.Namespace}, but its folder {path[depth]} is the namespace {Join(root, path[..(depth + 1)])}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string[] Folders(string project, string file) =>
        Path.GetDirectoryName(Path.GetRelativePath(project, file))!.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);

    private static string Join(string root, string[] folders) => folders.Length == 0 ? root : $"{root}.{string.Join('.', folders)}";

    private static string NamespaceOf(string file) =>
        NamespaceLine().Match(File.ReadAllText(file)) is { Success: true } match ? match.Groups[1].Value : "(none)";

    /// <summary>The project's root namespace; <c>src/Shared</c>, linked into the compiler projects, is <c>ProxyStore.Shared</c>.</summary>
    private static string RootNamespace(string project)
    {
        string? csproj = Directory.EnumerateFiles(project, "*.csproj").FirstOrDefault();
        if (csproj is null)
        {
            return "ProxyStore." + Path.GetFileName(project);
        }

        Match root = RootNamespaceElement().Match(File.ReadAllText(csproj));
        return root.Success ? root.Groups[1].Value : Path.GetFileNameWithoutExtension(csproj);
    }

    [GeneratedRegex(@"^namespace ([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"<RootNamespace>([\w.]+)</RootNamespace>")]
    private static partial Regex RootNamespaceElement();
}
