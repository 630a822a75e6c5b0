-------------------------------
-- banner
-------------------------------
select 1;
DELIMITER 'MySQL'
select 2 MySQL
select 'MySQL' MySQL
delimiter ; # Reset delimiter
delimiter :;
select 3 :;
delimiter ;
Delimiter //  trailing words ignored
select "//" as a, `//` from (select 1 as `//`) x //
select 4 /* // */ //
select 5 # //
//
select 6 -- //
//
delimiter ;
	DELIMITER $$
create procedure p2() select 7$$
delimiter ;
select 8; select 9;select 10
;
select ';' ; select 1 /* ; */ ;
select 11;;;select 12;
delimiter ;;
select 13;;
delimiter ;
select "a\\"; select 14;
select 'a\\'; select 15;
select `a\`; select 16;
select 17 -- ;
;
select 18;-- comment right after
select 19;#another
