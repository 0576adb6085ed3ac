namespace PeerExchange;

/// <summary>The arrays the two processes exchange, made the same way on both sides so each can check what it pulled.</summary>
public static class Signal
{
    /// <summary>The producer's array: a sweep of sines across many magnitudes, with a signed zero and a NaN payload that must survive.</summary>
    public static double[] Make(int length)
    {
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = Math.Sin(i * 0.001) * Math.Pow(10, (i % 600) - 300);
        }

        values[1] = -0.0;
        values[2] = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_BEEF);
        return values;
    }

    /// <summary>The consumer's answer: each value scaled and shifted.</summary>
    public static double[] Answer(double[] signal)
    {
        double[] answer = new double[signal.Length];
        for (int i = 0; i < signal.Length; i++)
        {
            answer[i] = (signal[i] * 0.5) + i;
        }

        return answer;
    }

    /// <summary>Whether two arrays hold the same bits (NaN payloads and signed zeros included).</summary>
    public static bool SameBits(double[] expected, double[] actual) =>
        expected.Length == actual.Length && expected.AsSpan().SequenceEqual(actual);
}
