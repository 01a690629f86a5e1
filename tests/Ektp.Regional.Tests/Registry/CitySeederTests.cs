using Ektp.Core.Lifecycle;
using Ektp.Core.Population;
using Ektp.Regional.Registry;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.Tests.Registry;

[Trait("Category", "Database")]
public sealed class CitySeederTests : IAsyncLifetime
{
    private static readonly CityScenario Scenario = CityScenario.Small("1472", 3_000, new DateOnly(2013, 12, 19), 7);
    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<SeedResult> SeedAsync()
    {
        await using var db = _server.NewDbContext();
        return await CitySeeder.SeedAsync(db, Scenario, _server.App.Services.GetRequiredService<RegionalInfo>(), null,
            CancellationToken.None);
    }

    [Fact]
    public async Task Seeded_registry_reproduces_the_scenario_figures()
    {
        var result = await SeedAsync();

        Assert.Equal(Scenario.Population, result.Residents);
        await using var db = _server.NewDbContext();
        var figures = await RegistryFigures.ComputeAsync(db, Scenario.AsOf, CancellationToken.None);
        Assert.Equal(Scenario.Population, figures.Residents);
        Assert.Equal(Scenario.WajibKtp, figures.WajibKtp);
        Assert.Equal(Scenario.Recorded, figures.Recorded);
        Assert.Equal(result.Families, await db.Families.CountAsync());
    }

    [Fact]
    public async Task Every_seeded_resident_belongs_to_a_family_and_recorded_ones_have_a_later_status()
    {
        await SeedAsync();

        await using var db = _server.NewDbContext();
        var orphans = await db.Residents.CountAsync(r => !db.Families.Any(f => f.KkNumber == r.KkNumber));
        Assert.Equal(0, orphans);
        Assert.Equal(0, await db.Residents.CountAsync(r => r.RecordedAt != null && r.Status == RecordStatus.Unregistered));
        Assert.Equal(0, await db.Residents.CountAsync(r => r.RecordedAt == null && r.Status != RecordStatus.Unregistered));
    }

    [Fact]
    public async Task Seeding_twice_changes_nothing()
    {
        await SeedAsync();

        var again = await SeedAsync();

        Assert.True(again.AlreadySeeded);
        await using var db = _server.NewDbContext();
        Assert.Equal(Scenario.Population, await db.Residents.CountAsync());
    }

    [Fact]
    public async Task A_scenario_of_another_region_is_refused()
    {
        await using var db = _server.NewDbContext();
        var other = CityScenario.Small("6172", 10, new DateOnly(2017, 10, 13), 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => CitySeeder.SeedAsync(db, other,
            _server.App.Services.GetRequiredService<RegionalInfo>(), null, CancellationToken.None));
    }
}
