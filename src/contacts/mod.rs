//! Shopkeepers, wholesalers and operators (`contacts`) and which wholesaler serves which shop
//! (`shop_wholesalers`).

pub mod import;

use sqlx::{PgConnection, PgPool};

use crate::domain::{LangTag, Msisdn};

/// What a contact is to Mandi.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Shopkeeper,
    Wholesaler,
    Operator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shopkeeper => "shopkeeper",
            Self::Wholesaler => "wholesaler",
            Self::Operator => "operator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "shopkeeper" => Some(Self::Shopkeeper),
            "wholesaler" => Some(Self::Wholesaler),
            "operator" => Some(Self::Operator),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub id: i64,
    pub phone: Msisdn,
    pub name: String,
    pub role: Role,
    pub lang: Option<LangTag>,
}

/// Which link between a shop and a wholesaler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Primary,
    Backup,
}

impl Link {
    fn rank(self) -> i16 {
        match self {
            Self::Primary => 1,
            Self::Backup => 2,
        }
    }
}

fn contact_from_row(id: i64, phone: String, name: String, role: &str, lang: Option<String>) -> Option<Contact> {
    Some(Contact {
        id,
        phone: Msisdn::from_stored(phone),
        name,
        role: Role::parse(role)?,
        lang: lang.as_deref().and_then(LangTag::parse),
    })
}

/// The contact with this number, without a lock.
pub async fn find(conn: &mut PgConnection, phone: &Msisdn) -> Result<Option<Contact>, sqlx::Error> {
    let row = sqlx::query!("select id, phone, name, role, lang from contacts where phone = $1", phone.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.and_then(|r| contact_from_row(r.id, r.phone, r.name, &r.role, r.lang)))
}

/// The contact with this number, locked until the transaction ends so one sender's messages are handled one at a
/// time. `NO KEY UPDATE`, not `UPDATE`: other transactions must still be able to write rows that refer to this
/// contact (a wholesaler's answer queues a message to the shop while the shop's CANCEL holds the shop's lock).
pub async fn find_for_update(conn: &mut PgConnection, phone: &Msisdn) -> Result<Option<Contact>, sqlx::Error> {
    let row = sqlx::query!(
        "select id, phone, name, role, lang from contacts where phone = $1 for no key update",
        phone.as_str()
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(|r| contact_from_row(r.id, r.phone, r.name, &r.role, r.lang)))
}

pub async fn get(conn: &mut PgConnection, id: i64) -> Result<Option<Contact>, sqlx::Error> {
    let row = sqlx::query!("select id, phone, name, role, lang from contacts where id = $1", id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.and_then(|r| contact_from_row(r.id, r.phone, r.name, &r.role, r.lang)))
}

/// Adds a contact or updates its name, role and (when given) language.
pub async fn upsert(
    pool: &PgPool,
    phone: &Msisdn,
    name: &str,
    role: Role,
    lang: Option<&LangTag>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"insert into contacts (phone, name, role, lang) values ($1, $2, $3, $4)
           on conflict on constraint contacts_phone_key
           do update set name = excluded.name, role = excluded.role, lang = coalesce(excluded.lang, contacts.lang)
           returning id"#,
        phone.as_str(),
        name,
        role.as_str(),
        lang.map(LangTag::as_str),
    )
    .fetch_one(pool)
    .await
}

/// Makes `wholesaler_id` the shop's primary or backup wholesaler (replacing any previous one in that place).
pub async fn link_wholesaler(pool: &PgPool, shop_id: i64, wholesaler_id: i64, link: Link) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "delete from shop_wholesalers where shop_id = $1 and (rank = $2 or wholesaler_id = $3)",
        shop_id,
        link.rank(),
        wholesaler_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into shop_wholesalers (shop_id, wholesaler_id, rank) values ($1, $2, $3)",
        shop_id,
        wholesaler_id,
        link.rank()
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// The shop's primary wholesaler.
pub async fn primary_wholesaler(conn: &mut PgConnection, shop_id: i64) -> Result<Option<Contact>, sqlx::Error> {
    wholesaler_of_rank(conn, shop_id, 1).await
}

/// The wholesaler a shop's orders go to when the primary does not answer in time.
pub async fn backup_wholesaler(conn: &mut PgConnection, shop_id: i64) -> Result<Option<Contact>, sqlx::Error> {
    wholesaler_of_rank(conn, shop_id, 2).await
}

async fn wholesaler_of_rank(conn: &mut PgConnection, shop_id: i64, rank: i16) -> Result<Option<Contact>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select c.id, c.phone, c.name, c.role, c.lang
           from shop_wholesalers sw join contacts c on c.id = sw.wholesaler_id
           where sw.shop_id = $1 and sw.rank = $2"#,
        shop_id,
        rank
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.and_then(|r| contact_from_row(r.id, r.phone, r.name, &r.role, r.lang)))
}

/// Sets the minutes a wholesaler has to answer an order.
pub async fn set_response_minutes(pool: &PgPool, id: i64, minutes: i32) -> Result<(), sqlx::Error> {
    sqlx::query!("update contacts set response_minutes = $2 where id = $1", id, minutes).execute(pool).await?;
    Ok(())
}

/// Remembers the language a contact writes in.
pub async fn set_lang(conn: &mut PgConnection, id: i64, lang: &LangTag) -> Result<(), sqlx::Error> {
    sqlx::query!("update contacts set lang = $2 where id = $1", id, lang.as_str()).execute(&mut *conn).await?;
    Ok(())
}
