namespace OrleansPipeline;

/// <summary>Picks stage grains so that every hop of the chain crosses from one silo to the other.</summary>
internal static class Route
{
    public static async Task<long[]> AcrossSilosAsync(IGrainFactory grains, int firstSilo, int secondSilo)
    {
        // Placement is random, so activate stages until each silo of the route has one.
        int[] wanted = [firstSilo, secondSilo, firstSilo];
        var route = new List<long>();
        for (long key = 0; route.Count < wanted.Length; key++)
        {
            if (key > 1_000)
            {
                throw new InvalidOperationException("No stage grain was placed on one of the silos in 1,000 tries.");
            }

            if (await grains.GetGrain<IStageGrain>(key).Silo() == wanted[route.Count])
            {
                route.Add(key);
            }
        }

        return [.. route];
    }
}
