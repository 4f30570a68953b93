namespace Spaces.Gateway.Tests;

/// <summary>The socket engine threads the gateway serves Space connections on: read from the runtime, asked for per core.</summary>
public sealed class GatewaySocketEnginesTests
{
    // The count is read by reflection from the runtime; a runtime update that moves it must fail here, not silently turn the mode off.
    [Fact]
    public void This_runtime_tells_how_many_engine_threads_it_has() => Assert.InRange(GatewaySocketEngines.Count ?? 0, 1, 1024);

    [Fact]
    public void One_engine_per_core_is_asked_for_unless_the_operator_chose_a_count()
    {
        var before = Environment.GetEnvironmentVariable(GatewaySocketEngines.CountVariable);
        try
        {
            Environment.SetEnvironmentVariable(GatewaySocketEngines.CountVariable, null);
            Assert.True(GatewaySocketEngines.UseOnePerCore());
            Assert.Equal(Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Environment.GetEnvironmentVariable(GatewaySocketEngines.CountVariable));

            Environment.SetEnvironmentVariable(GatewaySocketEngines.CountVariable, "3");
            Assert.False(GatewaySocketEngines.UseOnePerCore());
            Assert.Equal("3", Environment.GetEnvironmentVariable(GatewaySocketEngines.CountVariable));
        }
        finally
        {
            Environment.SetEnvironmentVariable(GatewaySocketEngines.CountVariable, before);
        }
    }
}
