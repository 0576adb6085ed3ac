using System.Text;

namespace ProxyStore.Generators.Emit;

/// <summary>Writes C# source line by line with four-space indentation and <c>\n</c> line ends.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>Writes <paramref name="line"/> at the current indentation.</summary>
    public SourceWriter Line(string line)
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>Writes an empty line.</summary>
    public SourceWriter Line() => Line(string.Empty);

    /// <summary>Writes <c>{</c> and indents.</summary>
    public SourceWriter Open()
    {
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>Unindents and writes <c>}</c> (or <paramref name="closing"/>).</summary>
    public SourceWriter Close(string closing = "}")
    {
        _indent--;
        return Line(closing);
    }

    /// <summary>Indents the following lines once more.</summary>
    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    /// <summary>Undoes <see cref="Indent"/>.</summary>
    public SourceWriter Unindent()
    {
        _indent--;
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();
}
