select 1; select 2 -- x
;
-- c1
# c2
/* c3 */
select /* in */ 3;
/*!40101 SET @a = 1 */;
/*!40101 select 4; select 5 */;
delimiter $$
select 6$$ select 7 $$
create procedure p1() begin select 1; select 2; end$$
delimiter ;
select 'a;b', "c;d", `e;f` from (select 1 as `e;f`) x;
select 'it''s', 'a\'b;', "x\"y;";
select 1--1;
select 1 --1
;
delimiter //
select 8//
delimiter ;
select 9;
DELIMITER ;;
select 10;;
DELIMITER ;
  delimiter $$
select 11$$
delimiter ;
select 12;
delimiter //
select 13//
delimiter ;
