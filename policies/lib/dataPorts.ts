/**
 * The ports of data services: what a data zone listens on, so what no source outside the private address space
 * may reach. RULES.md names nine (MySQL, PostgreSQL, SQL Server, Oracle, Redis, MongoDB, Elasticsearch, Memcached,
 * etcd); a data zone holds more than its main listener. The list is kept to ports whose default owner is a data
 * store, its replication or cluster traffic, or a broker that keeps messages at rest, including the domestic
 * databases of Chinese government systems. Ports a data service merely shares with many other kinds of server
 * (8080, 8443, 9000) are left out, since a rule keyed on them would judge web servers as databases.
 * docs/policies.md lists the same table.
 */
export interface DataPort {
    readonly port: number;
    readonly service: string;
}

const ports = (service: string, ...list: number[]): DataPort[] => list.map((port) => ({ port, service }));

export const DATA_PORTS: readonly DataPort[] = [
    ...ports("SQL Server (database engine, browser)", 1433, 1434),
    ...ports("Oracle Database (listener, TCP and TCPS)", 1521, 2483, 2484),
    ...ports("MySQL / MariaDB (server, X protocol)", 3306, 33060),
    ...ports("Galera cluster (replication, IST, SST)", 4567, 4568, 4444),
    ...ports("PostgreSQL (server, second instance, PgBouncer)", 5432, 5433, 6432),
    ...ports("Patroni REST API (PostgreSQL failover)", 8008),
    ...ports("Redis (server, TLS, cluster bus, Sentinel)", 6379, 6380, 16379, 26379),
    ...ports("MongoDB (mongod, mongos, config server)", 27017, 27018, 27019),
    ...ports("Elasticsearch / OpenSearch (HTTP, transport)", 9200, 9300),
    ...ports("Memcached", 11211),
    ...ports("etcd (client, peer)", 2379, 2380),
    ...ports("Cassandra (native, inter-node, TLS inter-node, JMX)", 9042, 7000, 7001, 7199),
    ...ports("CouchDB (HTTP, TLS)", 5984, 6984),
    ...ports("InfluxDB", 8086),
    ...ports("ClickHouse (HTTP, native TLS)", 8123, 9440),
    ...ports("Neo4j (HTTP, Bolt)", 7474, 7687),
    ...ports("CockroachDB", 26257),
    ...ports("IBM Db2", 50000),
    ...ports("Kafka, ZooKeeper", 9092, 2181),
    ...ports("RabbitMQ (AMQP, AMQPS)", 5672, 5671),
    ...ports("Dameng DM (达梦)", 5236),
    ...ports("KingbaseES (人大金仓)", 54321),
    ...ports("openGauss / GaussDB", 26000),
    ...ports("OceanBase (server, proxy)", 2881, 2883),
    ...ports("TiDB", 4000),
];

/** Just the port numbers, in the order above. */
export const DATA_PORT_NUMBERS: readonly number[] = DATA_PORTS.map((p) => p.port);
