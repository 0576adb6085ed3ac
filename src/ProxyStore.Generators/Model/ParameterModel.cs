namespace ProxyStore.Generators.Model;

/// <summary>A parameter of a forwarded method or indexer.</summary>
/// <param name="Attributes">Attributes copied to the parameter, as written.</param>
/// <param name="Modifiers">The modifiers before the type, such as <c>params </c>, <c>scoped ref </c> or <c>out </c>.</param>
/// <param name="Type">The parameter type, with nullable annotations.</param>
/// <param name="Name">The name, escaped if it is a keyword.</param>
/// <param name="DefaultValue">The default value as a C# expression, or null.</param>
/// <param name="ArgumentPrefix">What the forwarded argument starts with: <c>ref </c>, <c>out </c>, <c>in </c> or nothing.</param>
internal sealed record ParameterModel(
    EquatableArray<string> Attributes,
    string Modifiers,
    string Type,
    string Name,
    string? DefaultValue,
    string ArgumentPrefix);
