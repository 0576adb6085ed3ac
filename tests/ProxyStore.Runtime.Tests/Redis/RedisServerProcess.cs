using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyStore.Tests.Redis;

/// <summary>
/// A private redis-server process on a free loopback port, for tests that stop and restart
/// their server without disturbing the shared one. Without persistence: a restart loses
/// every key. Disposing stops it and deletes its directory.
/// </summary>
public sealed class RedisServerProcess : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ps-redis-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string[] _extraArguments;
    private Process? _process;

    private RedisServerProcess(int port, string[] extraArguments)
    {
        Port = port;
        _extraArguments = extraArguments;
        Directory.CreateDirectory(_directory);
    }

    /// <summary>The loopback address the server listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The server's port.</summary>
    public int Port { get; }

    /// <summary>Starts a server on a free port; <paramref name="extraArguments"/> go to redis-server as they are.</summary>
    public static RedisServerProcess Start(params string[] extraArguments)
    {
        var server = new RedisServerProcess(FreePort(), extraArguments);
        try
        {
            server.Restart();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Signal(string signal)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-" + signal);
        start.ArgumentList.Add(Pid.ToString());
        using Process kill = Process.Start(start) ?? throw new InvalidOperationException($"Could not run kill -{signal}.");
        string error = kill.StandardError.ReadToEnd();
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Pid} failed with exit code {kill.ExitCode}: {error}");
        }
    }

    /// <summary>Kills the server, as a crash would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>The server's process id.</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException($"redis-server on port {Port} is not running.");

    /// <summary>
    /// Stops the server process (SIGSTOP) without closing its connections: clients stay
    /// connected and the kernel still accepts their commands, but nothing answers, as with a
    /// hung server. <see cref="Resume"/> lets it run again.
    /// </summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused server run again (SIGCONT); it then answers what was sent meanwhile.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>Starts the server (again) on <see cref="Port"/> and waits until it answers PING.</summary>
    public void Restart()
    {
        Kill();
        var start = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        foreach (string argument in (string[])["--port", Port.ToString(), "--bind", Host, "--save", "", "--appendonly", "no", "--dir", _directory, .. _extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "redis-server is not installed or not on PATH; install it with `apt-get install redis-server` (./scripts/test.sh and .ci/run do).", e);
        }

        _process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        for (int attempt = 0; attempt < 200; attempt++)
        {
            if (_process.HasExited)
            {
                break;
            }

            if (AnswersPing())
            {
                return;
            }

            Thread.Sleep(50);
        }

        string log;
        lock (output)
        {
            log = output.ToString();
        }

        Kill();
        throw new InvalidOperationException($"redis-server on port {Port} did not come up. Its output:\n{log}");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    private bool AnswersPing()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(Host, Port);
            NetworkStream stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[64];
            int read = stream.Read(buffer);

            // "+PONG" normally; "-NOAUTH" from a server with a password is an answer too.
            return read > 0 && buffer[0] is (byte)'+' or (byte)'-';
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
