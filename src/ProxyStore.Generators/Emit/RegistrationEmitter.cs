using System.Linq;
using System.Text;
using ProxyStore.Generators.Model;

namespace ProxyStore.Generators.Emit;

/// <summary>
/// Writes the one module initializer of a compilation, which registers every generated
/// proxy with <c>global::ProxyStore.GeneratedProxies</c> when the assembly loads, so stores
/// find them without reflection.
/// </summary>
internal static class RegistrationEmitter
{
    /// <summary>The file name of the registration source.</summary>
    public const string HintName = "ProxyStore.GeneratedProxies.g.cs";

    /// <summary>The source that registers <paramref name="registrations"/>.</summary>
    public static string Emit(EquatableArray<RegistrationModel> registrations)
    {
        var writer = new SourceWriter();
        GeneratorInfo.WriteHeader(writer);
        writer.Line("// A module initializer is what registers the proxies when the assembly loads, library or not.")
            .Line("#pragma warning disable CA2255")
            .Line()
            .Line("namespace ProxyStore.Generated")
            .Open()
            .Line("/// <summary>Registers the proxies that ProxyStore generated for this assembly.</summary>")
            .Line(GeneratorInfo.GeneratedCodeAttribute)
            .Line("internal static class " + ClassName(registrations[0].AssemblyName))
            .Open()
            .Line("/// <summary>Registers every generated proxy of this assembly with the runtime.</summary>")
            .Line("[global::System.Runtime.CompilerServices.ModuleInitializer]")
            .Line("internal static void Register()")
            .Open();
        foreach (RegistrationModel registration in registrations.OrderBy(r => r.TargetType, System.StringComparer.Ordinal))
        {
            writer.Line(registration.IsOpenGeneric
                ? "global::ProxyStore.GeneratedProxies.RegisterGeneric(typeof(" + registration.TargetType + "), typeof(" + registration.ProxyType + "));"
                : "global::ProxyStore.GeneratedProxies.Register<" + registration.TargetType + ">(static (factory, target) => new " + registration.ProxyType + "(factory, target));");
        }

        writer.Close().Close().Close();
        return writer.ToString();
    }

    /// <summary>
    /// <c>GeneratedProxyRegistration_</c> and the assembly name as an identifier, so that two
    /// assemblies that see each other's internals do not declare the same type.
    /// </summary>
    private static string ClassName(string assemblyName)
    {
        var name = new StringBuilder("GeneratedProxyRegistration_");
        foreach (char c in assemblyName)
        {
            name.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return name.ToString();
    }
}
