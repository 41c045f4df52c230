using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using NrmHub.Core.Actors;
using NrmHub.Core.Audit;
using NrmHub.Core.Data;
using NrmHub.Core.Notifications;
using NrmHub.Core.Referrals;
using NrmHub.Core.Sop;
using NrmHub.Tests.Sop;

namespace NrmHub.Tests.Notifications;

/// <summary>
/// The prepared inserts of a new referral's rows (<see cref="AddedRows"/>) must store what EF's SaveChanges stores:
/// the same graph is written both ways into two identical databases and the raw rows compared, value and SQLite type.
/// </summary>
public sealed class AddedRowsTests
{
    private static readonly string[] Tables = ["Cases", "CaseProfiles", "Referrals", "ReferralEvents", "AuditEntries", "StepInstances", "IdempotentRequests", "Notifications"];

    [Fact]
    public async Task A_new_referrals_rows_are_stored_exactly_as_SaveChanges_stores_them()
    {
        await using var byEf = await SopTestBed.CreateAsync();
        await using var byRows = await SopTestBed.CreateAsync();

        var ef = await WriteGraphAsync(byEf, db => db.SaveChangesAsync());
        var rows = await WriteGraphAsync(byRows, db => AddedRows.SaveAsync(db));

        Assert.Equal(ef.Count, rows.Count);
        foreach (var (expected, actual) in ef.Zip(rows))
        {
            Assert.Equal(expected, actual);
        }

        Assert.Contains(rows, r => r.StartsWith("CaseProfiles:", StringComparison.Ordinal) && r.Contains("[\"Disability\",\"MigrantWorker\"]", StringComparison.Ordinal));
        Assert.Equal(Tables.Length, rows.Select(r => r[..r.IndexOf(':', StringComparison.Ordinal)]).Distinct().Count());
    }

    [Fact]
    public async Task Untracked_rows_get_their_generated_keys_and_are_stored_as_SaveChanges_stores_them()
    {
        await using var byEf = await SopTestBed.CreateAsync();
        await using var byRows = await SopTestBed.CreateAsync();

        var ef = await WriteGraphAsync(byEf, db => db.SaveChangesAsync());
        var rows = await WriteGraphAsync(byRows, db => AddedRows.SaveAsync(db), untracked: true);

        Assert.Equal(ef.Count, rows.Count);
        foreach (var (expected, actual) in ef.Zip(rows))
        {
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Every_row_a_new_referral_writes_goes_through_the_prepared_inserts()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using var db = await bed.Factory().CreateDbContextAsync();

        foreach (var table in Tables)
        {
            var type = db.Model.GetEntityTypes().Single(t => t.GetTableName() == table);
            Assert.True(AddedRows.Handles(type), table);
        }
    }

    [Fact]
    public async Task A_change_other_than_an_insert_is_left_to_SaveChanges_whole()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");
        var factory = bed.Factory();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var @case = await db.Cases.SingleAsync(c => c.Code == sent.CaseCode);
            @case.ClosedAtUtc = SopTestBed.Start.UtcDateTime;
            db.ReferralEvents.Add(new ReferralEvent { ReferralId = sent.Id!.Value, CaseId = @case.Id, Type = "closed", AtUtc = SopTestBed.Start.UtcDateTime, ByActorId = bed.Actors["tamas"] });
            await AddedRows.SaveAsync(db);
            await transaction.CommitAsync();
        }

        await using var check = await factory.CreateDbContextAsync();
        Assert.NotNull((await check.Cases.SingleAsync(c => c.Code == sent.CaseCode)).ClosedAtUtc);
        Assert.True(await check.ReferralEvents.AnyAsync(e => e.Type == "closed"));
    }

    [Fact]
    public async Task A_row_the_database_refuses_fails_as_SaveChanges_fails_with_the_database_error_inside()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var sent = await bed.SendAsync("tamas", "mia-ganja-ctu");
        await using var db = await bed.Factory().CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Cases.Add(new Case { Code = sent.CaseCode!, OpenedByActorId = bed.Actors["tamas"], OpenedAtUtc = SopTestBed.Start.UtcDateTime });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => AddedRows.SaveAsync(db));
        Assert.Equal(19, Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(error.InnerException).SqliteErrorCode);
        Assert.Equal(typeof(Case), Assert.Single(error.Entries).Metadata.ClrType);
    }

    [Fact]
    public async Task Without_a_transaction_the_rows_are_saved_by_SaveChanges_in_one_of_its_own()
    {
        await using var bed = await SopTestBed.CreateAsync();
        await using (var db = await bed.Factory().CreateDbContextAsync())
        {
            db.Cases.Add(new Case { Code = "AZ-2026-NOTXN1", OpenedByActorId = bed.Actors["tamas"], OpenedAtUtc = SopTestBed.Start.UtcDateTime });
            await AddedRows.SaveAsync(db);
            Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
        }

        await using var check = await bed.Factory().CreateDbContextAsync();
        Assert.True(await check.Cases.AnyAsync(c => c.Code == "AZ-2026-NOTXN1"));
    }

    [Fact]
    public async Task Rows_inserted_all_at_once_without_a_transaction_wait_for_the_contexts_own_save()
    {
        await using var bed = await SopTestBed.CreateAsync();
        var row = new Notification { UserId = bed.Users["tamas"], Type = NotificationTypes.SopReminder, AtUtc = SopTestBed.Start.UtcDateTime };
        await using (var db = await bed.Factory().CreateDbContextAsync())
        {
            await AddedRows.InsertAllAsync(db, [row]);

            Assert.Equal(EntityState.Added, db.Entry(row).State);
            await using (var check = await bed.Factory().CreateDbContextAsync())
            {
                Assert.False(await check.Notifications.AnyAsync(n => n.UserId == row.UserId && n.Type == NotificationTypes.SopReminder));
            }

            await db.SaveChangesAsync();
        }

        await using var after = await bed.Factory().CreateDbContextAsync();
        Assert.Equal(row.Id, (await after.Notifications.SingleAsync(n => n.UserId == row.UserId && n.Type == NotificationTypes.SopReminder)).Id);
    }

    /// <summary>
    /// A case with its profile and two referrals (keys generated, read back and carried to the dependents), then the
    /// rows that refer to them; each stage saved by <paramref name="save"/> inside one transaction. Returns the
    /// rows stored by it, user ids replaced by their actor codes (they are random per database).
    /// </summary>
    /// <param name="untracked">The case, profile and referrals by <see cref="AddedRows.InsertAsync"/>, keys set by hand.</param>
    private static async Task<List<string>> WriteGraphAsync(SopTestBed bed, Func<NrmDbContext, Task> save, bool untracked = false)
    {
        var now = SopTestBed.Start.UtcDateTime.AddTicks(1234567);
        var factory = bed.Factory();
        await using var read = await factory.CreateDbContextAsync();
        var connection = read.Database.GetDbConnection();
        await connection.OpenAsync();
        var before = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT coalesce(max(rowid), 0) FROM \"{table}\"";
            before[table] = Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using (var db = await factory.CreateDbContextAsync())
        {
            var step = await db.SopSteps.OrderBy(s => s.Id).FirstAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var @case = new Case { Code = "AZ-2026-ROWS01", OpenedByActorId = bed.Actors["tamas"], OpenedAtUtc = now };
            @case.Profile = new CaseProfile
            {
                FullName = "Ayşə \"Quoted\" O'Neil",
                DateOfBirth = new DateOnly(1999, 2, 3),
                AgeGroup = AgeGroup.Adult25To59,
                Sex = Sex.Female,
                Nationality = "Azerbaijani",
                Contact = null,
                Vulnerabilities = [Vulnerability.Disability, Vulnerability.MigrantWorker],
                ExploitationForm = ExploitationForm.Sexual,
                RegionIdentified = "Baku",
                NationalityGroup = NationalityGroup.National,
                Disability = true,
                Migrant = true,
            };
            Referral NewReferral(string to, Urgency urgency) => new()
            {
                FromActorId = bed.Actors["tamas"],
                ToActorId = bed.Actors[to],
                Services = [ServiceType.Identification, ServiceType.Shelter],
                Urgency = urgency,
                ReasonText = "Met at the station",
                Consent = Consent.Override,
                ConsentOverrideReason = "Child at risk",
                CreatedAtUtc = now,
            };
            var first = NewReferral("mia-ganja-ctu", Urgency.Emergency);
            var second = NewReferral("mia-thb", Urgency.Routine);
            first.Send(now);
            if (untracked)
            {
                await using var rows = new AddedRows(db);
                await rows.InsertAsync(@case);
                @case.Profile.CaseId = first.CaseId = second.CaseId = @case.Id;
                await rows.InsertAsync(@case.Profile);
                await rows.InsertAsync(first);
                await rows.InsertAsync(second);
                Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.Entity is Case or CaseProfile or Referral);
                Assert.True(first.Id > 0 && second.Id == first.Id + 1, $"{first.Id}, {second.Id}");
            }
            else
            {
                @case.Referrals.AddRange([first, second]);
                db.Cases.Add(@case);
                await save(db);
            }

            db.ReferralEvents.Add(new ReferralEvent { ReferralId = first.Id, CaseId = @case.Id, Type = "sent", AtUtc = now, ByUserId = bed.Users["tamas"], ByActorId = bed.Actors["tamas"] });
            AuditLog.Record(db, now, new AuditUser(bed.Users["tamas"], bed.Actors["tamas"]), "case.create", "Case", @case.Code, @case.Code, after: new { @case.Code });
            AuditLog.Record(db, now, new AuditUser(bed.Users["tamas"], bed.Actors["tamas"]), "referral.sent", "Referral", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), @case.Code);
            var instance = StepInstance.Start(step.Id, @case.Id, first.Id, bed.Actors["mia-ganja-ctu"], now, now.AddDays(2), 50);
            instance.Close(now.AddHours(1));
            db.StepInstances.Add(instance);
            db.StepInstances.Add(StepInstance.Start(step.Id, @case.Id, null, bed.Actors["tamas"], now, now.AddDays(3), 80));
            db.IdempotentRequests.Add(new IdempotentRequest { UserId = bed.Users["tamas"], Key = "key-1", CreatedUtc = now, ReferralId = first.Id, CaseCode = @case.Code });
            List<Notification> notifications =
            [
                new() { UserId = bed.Users["mia-ganja-ctu"], Type = NotificationTypes.ReferralReceived, ReferralId = first.Id, CaseCode = @case.Code, AtUtc = now },
                new() { UserId = bed.Users["mia-thb"], Type = NotificationTypes.ActionAssigned, GroupId = 7, ActionItemId = 9, AtUtc = now },
            ];
            if (untracked)
            {
                await AddedRows.InsertAllAsync(db, notifications);
                Assert.True(notifications[0].Id > 0 && notifications[1].Id == notifications[0].Id + 1, $"{notifications[0].Id}, {notifications[1].Id}");
            }
            else
            {
                db.Notifications.AddRange(notifications);
            }

            await save(db);
            Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
            await transaction.CommitAsync();
        }

        var stored = new List<string>();
        foreach (var table in Tables)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\" WHERE rowid > {before[table]} ORDER BY rowid";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored.Add(table + ": " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => Cell(reader, i, bed))));
            }
        }

        return stored;
    }

    private static string Cell(DbDataReader reader, int i, SopTestBed bed)
    {
        if (reader.IsDBNull(i))
        {
            return $"{reader.GetName(i)}=NULL";
        }

        var value = Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
        var user = bed.Users.FirstOrDefault(u => u.Value == value).Key;
        return $"{reader.GetName(i)}={reader.GetValue(i).GetType().Name}:{(user is null ? value : "user:" + user)}";
    }
}
