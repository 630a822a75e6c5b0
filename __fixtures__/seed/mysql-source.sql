CREATE TABLE customers (id int AUTO_INCREMENT PRIMARY KEY, name varchar(100) NOT NULL, note text, email varchar(100), created_at datetime NOT NULL DEFAULT '2024-01-01 00:00:00') ENGINE=InnoDB;
CREATE TABLE orders (id bigint AUTO_INCREMENT PRIMARY KEY, customer_id int NOT NULL, amount decimal(10,2), payload blob, KEY (customer_id), CONSTRAINT fk_c FOREIGN KEY (customer_id) REFERENCES customers(id)) ENGINE=InnoDB;
CREATE TABLE empty_table (id int PRIMARY KEY, v text);
CREATE TABLE `odd name; here` (id int PRIMARY KEY, `from` varchar(50));
CREATE TABLE audit (id int AUTO_INCREMENT PRIMARY KEY, msg varchar(200));
DELIMITER ;;
CREATE TRIGGER customers_ai AFTER INSERT ON customers FOR EACH ROW BEGIN
  INSERT INTO audit (msg) VALUES (CONCAT('new customer; ', NEW.name));
END;;
CREATE PROCEDURE count_customers(OUT n int) BEGIN
  SELECT COUNT(*) INTO n FROM customers;
END;;
DELIMITER ;
INSERT INTO customers (name, note, email) VALUES
 ('Alice', 'tab\there', 'alice@example.com'),
 ('Bob', 'line1\nline2\r\nline3', NULL),
 ('Carol', 'back\\slash and \\N literal', 'c@example.com'),
 ('Dörte Ünïcødé', '日本語テキスト 🎉 emoji', 'd@example.com'),
 ('Eve', NULL, 'e@example.com'),
 ('Grace', 'quote \' and "double" and ; semicolon -- not a comment # nor this', 'g@example.com');
INSERT INTO customers (name, note) SELECT CONCAT('bulk ', seq), CONCAT('row ', seq) FROM seq_1_to_200;
INSERT INTO orders (customer_id, amount, payload) SELECT 1 + (seq % 206), seq * 1.25, UNHEX('00FF5C0A0D09E9275C22') FROM seq_1_to_500;
INSERT INTO `odd name; here` VALUES (1, 'from; here'), (2, NULL);
