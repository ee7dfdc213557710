//! Name keys fold letters that do not decompose (`ø`, `ł`, `ß`), every script and the marks inside
//! names: the stored keys are cleared here and recomputed by the server at its next start, since
//! the folding is the application's rule, not SQL's.
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE experts SET search_name = '', sort_name = '' WHERE erased_at IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Keys made by the new folding still find names; nothing to undo.
        Ok(())
    }
}
