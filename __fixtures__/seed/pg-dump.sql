--
-- PostgreSQL database dump
--

\restrict T5kKvUykFjqZL7fUHsm8ey9mXfx324pDf2hvBEN7ffHvVBhDbts4YAJCMO3pe7t

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: billing; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA billing;


--
-- Name: touch_note(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.touch_note() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF NEW.note IS NULL THEN NEW.note := 'auto; generated'; END IF;
  RETURN NEW;
END;
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: Invoice Lines; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing."Invoice Lines" (
    id integer NOT NULL,
    "from" text,
    qty integer
);


--
-- Name: orders; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orders (
    id bigint NOT NULL,
    customer_id integer NOT NULL,
    amount numeric(10,2),
    tags text[],
    meta jsonb,
    payload bytea
);


--
-- Name: big_orders; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.big_orders AS
 SELECT orders.id,
    orders.customer_id,
    orders.amount,
    orders.tags,
    orders.meta,
    orders.payload
   FROM public.orders
  WHERE (orders.amount > (100)::numeric);


--
-- Name: customers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.customers (
    id integer NOT NULL,
    name text NOT NULL,
    note text,
    email character varying(100),
    created_at timestamp with time zone DEFAULT '2024-01-01 00:00:00+00'::timestamp with time zone NOT NULL
);


--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.customers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: customers_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.customers_id_seq OWNED BY public.customers.id;


--
-- Name: empty_table; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.empty_table (
    id integer NOT NULL,
    v text
);


--
-- Name: notes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notes (
    body text,
    n integer
);


--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: orders_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;


--
-- Name: customers id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customers ALTER COLUMN id SET DEFAULT nextval('public.customers_id_seq'::regclass);


--
-- Name: orders id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders ALTER COLUMN id SET DEFAULT nextval('public.orders_id_seq'::regclass);


--
-- Data for Name: Invoice Lines; Type: TABLE DATA; Schema: billing; Owner: -
--

COPY billing."Invoice Lines" (id, "from", qty) FROM stdin;
1	from; here	3
2	\N	4
\.


--
-- Data for Name: customers; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.customers (id, name, note, email, created_at) FROM stdin;
1	Alice	tab\there	alice@example.com	2024-01-01 00:00:00+00
2	Bob	line1\nline2\r\nline3	\N	2024-01-01 00:00:00+00
3	Carol	back\\slash and \\N literal	c@example.com	2024-01-01 00:00:00+00
4	Dörte Ünïcødé	日本語テキスト 🎉 emoji	d@example.com	2024-01-01 00:00:00+00
6	Frank	\\.	\N	2024-01-01 00:00:00+00
7	Grace	quote ' and "double" and ; semicolon	g@example.com	2024-01-01 00:00:00+00
5	Eve	\N	e@example.com	2024-01-01 00:00:00+00
8	bulk 1	row 1	\N	2024-01-01 00:00:00+00
9	bulk 2	row 2	\N	2024-01-01 00:00:00+00
10	bulk 3	row 3	\N	2024-01-01 00:00:00+00
11	bulk 4	row 4	\N	2024-01-01 00:00:00+00
12	bulk 5	row 5	\N	2024-01-01 00:00:00+00
13	bulk 6	row 6	\N	2024-01-01 00:00:00+00
14	bulk 7	row 7	\N	2024-01-01 00:00:00+00
15	bulk 8	row 8	\N	2024-01-01 00:00:00+00
16	bulk 9	row 9	\N	2024-01-01 00:00:00+00
17	bulk 10	row 10	\N	2024-01-01 00:00:00+00
18	bulk 11	row 11	\N	2024-01-01 00:00:00+00
19	bulk 12	row 12	\N	2024-01-01 00:00:00+00
20	bulk 13	row 13	\N	2024-01-01 00:00:00+00
21	bulk 14	row 14	\N	2024-01-01 00:00:00+00
22	bulk 15	row 15	\N	2024-01-01 00:00:00+00
23	bulk 16	row 16	\N	2024-01-01 00:00:00+00
24	bulk 17	row 17	\N	2024-01-01 00:00:00+00
25	bulk 18	row 18	\N	2024-01-01 00:00:00+00
26	bulk 19	row 19	\N	2024-01-01 00:00:00+00
27	bulk 20	row 20	\N	2024-01-01 00:00:00+00
28	bulk 21	row 21	\N	2024-01-01 00:00:00+00
29	bulk 22	row 22	\N	2024-01-01 00:00:00+00
30	bulk 23	row 23	\N	2024-01-01 00:00:00+00
31	bulk 24	row 24	\N	2024-01-01 00:00:00+00
32	bulk 25	row 25	\N	2024-01-01 00:00:00+00
33	bulk 26	row 26	\N	2024-01-01 00:00:00+00
34	bulk 27	row 27	\N	2024-01-01 00:00:00+00
35	bulk 28	row 28	\N	2024-01-01 00:00:00+00
36	bulk 29	row 29	\N	2024-01-01 00:00:00+00
37	bulk 30	row 30	\N	2024-01-01 00:00:00+00
38	bulk 31	row 31	\N	2024-01-01 00:00:00+00
39	bulk 32	row 32	\N	2024-01-01 00:00:00+00
40	bulk 33	row 33	\N	2024-01-01 00:00:00+00
41	bulk 34	row 34	\N	2024-01-01 00:00:00+00
42	bulk 35	row 35	\N	2024-01-01 00:00:00+00
43	bulk 36	row 36	\N	2024-01-01 00:00:00+00
44	bulk 37	row 37	\N	2024-01-01 00:00:00+00
45	bulk 38	row 38	\N	2024-01-01 00:00:00+00
46	bulk 39	row 39	\N	2024-01-01 00:00:00+00
47	bulk 40	row 40	\N	2024-01-01 00:00:00+00
48	bulk 41	row 41	\N	2024-01-01 00:00:00+00
49	bulk 42	row 42	\N	2024-01-01 00:00:00+00
50	bulk 43	row 43	\N	2024-01-01 00:00:00+00
51	bulk 44	row 44	\N	2024-01-01 00:00:00+00
52	bulk 45	row 45	\N	2024-01-01 00:00:00+00
53	bulk 46	row 46	\N	2024-01-01 00:00:00+00
54	bulk 47	row 47	\N	2024-01-01 00:00:00+00
55	bulk 48	row 48	\N	2024-01-01 00:00:00+00
56	bulk 49	row 49	\N	2024-01-01 00:00:00+00
57	bulk 50	row 50	\N	2024-01-01 00:00:00+00
58	bulk 51	row 51	\N	2024-01-01 00:00:00+00
59	bulk 52	row 52	\N	2024-01-01 00:00:00+00
60	bulk 53	row 53	\N	2024-01-01 00:00:00+00
61	bulk 54	row 54	\N	2024-01-01 00:00:00+00
62	bulk 55	row 55	\N	2024-01-01 00:00:00+00
63	bulk 56	row 56	\N	2024-01-01 00:00:00+00
64	bulk 57	row 57	\N	2024-01-01 00:00:00+00
65	bulk 58	row 58	\N	2024-01-01 00:00:00+00
66	bulk 59	row 59	\N	2024-01-01 00:00:00+00
67	bulk 60	row 60	\N	2024-01-01 00:00:00+00
68	bulk 61	row 61	\N	2024-01-01 00:00:00+00
69	bulk 62	row 62	\N	2024-01-01 00:00:00+00
70	bulk 63	row 63	\N	2024-01-01 00:00:00+00
71	bulk 64	row 64	\N	2024-01-01 00:00:00+00
72	bulk 65	row 65	\N	2024-01-01 00:00:00+00
73	bulk 66	row 66	\N	2024-01-01 00:00:00+00
74	bulk 67	row 67	\N	2024-01-01 00:00:00+00
75	bulk 68	row 68	\N	2024-01-01 00:00:00+00
76	bulk 69	row 69	\N	2024-01-01 00:00:00+00
77	bulk 70	row 70	\N	2024-01-01 00:00:00+00
78	bulk 71	row 71	\N	2024-01-01 00:00:00+00
79	bulk 72	row 72	\N	2024-01-01 00:00:00+00
80	bulk 73	row 73	\N	2024-01-01 00:00:00+00
81	bulk 74	row 74	\N	2024-01-01 00:00:00+00
82	bulk 75	row 75	\N	2024-01-01 00:00:00+00
83	bulk 76	row 76	\N	2024-01-01 00:00:00+00
84	bulk 77	row 77	\N	2024-01-01 00:00:00+00
85	bulk 78	row 78	\N	2024-01-01 00:00:00+00
86	bulk 79	row 79	\N	2024-01-01 00:00:00+00
87	bulk 80	row 80	\N	2024-01-01 00:00:00+00
88	bulk 81	row 81	\N	2024-01-01 00:00:00+00
89	bulk 82	row 82	\N	2024-01-01 00:00:00+00
90	bulk 83	row 83	\N	2024-01-01 00:00:00+00
91	bulk 84	row 84	\N	2024-01-01 00:00:00+00
92	bulk 85	row 85	\N	2024-01-01 00:00:00+00
93	bulk 86	row 86	\N	2024-01-01 00:00:00+00
94	bulk 87	row 87	\N	2024-01-01 00:00:00+00
95	bulk 88	row 88	\N	2024-01-01 00:00:00+00
96	bulk 89	row 89	\N	2024-01-01 00:00:00+00
97	bulk 90	row 90	\N	2024-01-01 00:00:00+00
98	bulk 91	row 91	\N	2024-01-01 00:00:00+00
99	bulk 92	row 92	\N	2024-01-01 00:00:00+00
100	bulk 93	row 93	\N	2024-01-01 00:00:00+00
101	bulk 94	row 94	\N	2024-01-01 00:00:00+00
102	bulk 95	row 95	\N	2024-01-01 00:00:00+00
103	bulk 96	row 96	\N	2024-01-01 00:00:00+00
104	bulk 97	row 97	\N	2024-01-01 00:00:00+00
105	bulk 98	row 98	\N	2024-01-01 00:00:00+00
106	bulk 99	row 99	\N	2024-01-01 00:00:00+00
107	bulk 100	row 100	\N	2024-01-01 00:00:00+00
108	bulk 101	row 101	\N	2024-01-01 00:00:00+00
109	bulk 102	row 102	\N	2024-01-01 00:00:00+00
110	bulk 103	row 103	\N	2024-01-01 00:00:00+00
111	bulk 104	row 104	\N	2024-01-01 00:00:00+00
112	bulk 105	row 105	\N	2024-01-01 00:00:00+00
113	bulk 106	row 106	\N	2024-01-01 00:00:00+00
114	bulk 107	row 107	\N	2024-01-01 00:00:00+00
115	bulk 108	row 108	\N	2024-01-01 00:00:00+00
116	bulk 109	row 109	\N	2024-01-01 00:00:00+00
117	bulk 110	row 110	\N	2024-01-01 00:00:00+00
118	bulk 111	row 111	\N	2024-01-01 00:00:00+00
119	bulk 112	row 112	\N	2024-01-01 00:00:00+00
120	bulk 113	row 113	\N	2024-01-01 00:00:00+00
121	bulk 114	row 114	\N	2024-01-01 00:00:00+00
122	bulk 115	row 115	\N	2024-01-01 00:00:00+00
123	bulk 116	row 116	\N	2024-01-01 00:00:00+00
124	bulk 117	row 117	\N	2024-01-01 00:00:00+00
125	bulk 118	row 118	\N	2024-01-01 00:00:00+00
126	bulk 119	row 119	\N	2024-01-01 00:00:00+00
127	bulk 120	row 120	\N	2024-01-01 00:00:00+00
128	bulk 121	row 121	\N	2024-01-01 00:00:00+00
129	bulk 122	row 122	\N	2024-01-01 00:00:00+00
130	bulk 123	row 123	\N	2024-01-01 00:00:00+00
131	bulk 124	row 124	\N	2024-01-01 00:00:00+00
132	bulk 125	row 125	\N	2024-01-01 00:00:00+00
133	bulk 126	row 126	\N	2024-01-01 00:00:00+00
134	bulk 127	row 127	\N	2024-01-01 00:00:00+00
135	bulk 128	row 128	\N	2024-01-01 00:00:00+00
136	bulk 129	row 129	\N	2024-01-01 00:00:00+00
137	bulk 130	row 130	\N	2024-01-01 00:00:00+00
138	bulk 131	row 131	\N	2024-01-01 00:00:00+00
139	bulk 132	row 132	\N	2024-01-01 00:00:00+00
140	bulk 133	row 133	\N	2024-01-01 00:00:00+00
141	bulk 134	row 134	\N	2024-01-01 00:00:00+00
142	bulk 135	row 135	\N	2024-01-01 00:00:00+00
143	bulk 136	row 136	\N	2024-01-01 00:00:00+00
144	bulk 137	row 137	\N	2024-01-01 00:00:00+00
145	bulk 138	row 138	\N	2024-01-01 00:00:00+00
146	bulk 139	row 139	\N	2024-01-01 00:00:00+00
147	bulk 140	row 140	\N	2024-01-01 00:00:00+00
148	bulk 141	row 141	\N	2024-01-01 00:00:00+00
149	bulk 142	row 142	\N	2024-01-01 00:00:00+00
150	bulk 143	row 143	\N	2024-01-01 00:00:00+00
151	bulk 144	row 144	\N	2024-01-01 00:00:00+00
152	bulk 145	row 145	\N	2024-01-01 00:00:00+00
153	bulk 146	row 146	\N	2024-01-01 00:00:00+00
154	bulk 147	row 147	\N	2024-01-01 00:00:00+00
155	bulk 148	row 148	\N	2024-01-01 00:00:00+00
156	bulk 149	row 149	\N	2024-01-01 00:00:00+00
157	bulk 150	row 150	\N	2024-01-01 00:00:00+00
158	bulk 151	row 151	\N	2024-01-01 00:00:00+00
159	bulk 152	row 152	\N	2024-01-01 00:00:00+00
160	bulk 153	row 153	\N	2024-01-01 00:00:00+00
161	bulk 154	row 154	\N	2024-01-01 00:00:00+00
162	bulk 155	row 155	\N	2024-01-01 00:00:00+00
163	bulk 156	row 156	\N	2024-01-01 00:00:00+00
164	bulk 157	row 157	\N	2024-01-01 00:00:00+00
165	bulk 158	row 158	\N	2024-01-01 00:00:00+00
166	bulk 159	row 159	\N	2024-01-01 00:00:00+00
167	bulk 160	row 160	\N	2024-01-01 00:00:00+00
168	bulk 161	row 161	\N	2024-01-01 00:00:00+00
169	bulk 162	row 162	\N	2024-01-01 00:00:00+00
170	bulk 163	row 163	\N	2024-01-01 00:00:00+00
171	bulk 164	row 164	\N	2024-01-01 00:00:00+00
172	bulk 165	row 165	\N	2024-01-01 00:00:00+00
173	bulk 166	row 166	\N	2024-01-01 00:00:00+00
174	bulk 167	row 167	\N	2024-01-01 00:00:00+00
175	bulk 168	row 168	\N	2024-01-01 00:00:00+00
176	bulk 169	row 169	\N	2024-01-01 00:00:00+00
177	bulk 170	row 170	\N	2024-01-01 00:00:00+00
178	bulk 171	row 171	\N	2024-01-01 00:00:00+00
179	bulk 172	row 172	\N	2024-01-01 00:00:00+00
180	bulk 173	row 173	\N	2024-01-01 00:00:00+00
181	bulk 174	row 174	\N	2024-01-01 00:00:00+00
182	bulk 175	row 175	\N	2024-01-01 00:00:00+00
183	bulk 176	row 176	\N	2024-01-01 00:00:00+00
184	bulk 177	row 177	\N	2024-01-01 00:00:00+00
185	bulk 178	row 178	\N	2024-01-01 00:00:00+00
186	bulk 179	row 179	\N	2024-01-01 00:00:00+00
187	bulk 180	row 180	\N	2024-01-01 00:00:00+00
188	bulk 181	row 181	\N	2024-01-01 00:00:00+00
189	bulk 182	row 182	\N	2024-01-01 00:00:00+00
190	bulk 183	row 183	\N	2024-01-01 00:00:00+00
191	bulk 184	row 184	\N	2024-01-01 00:00:00+00
192	bulk 185	row 185	\N	2024-01-01 00:00:00+00
193	bulk 186	row 186	\N	2024-01-01 00:00:00+00
194	bulk 187	row 187	\N	2024-01-01 00:00:00+00
195	bulk 188	row 188	\N	2024-01-01 00:00:00+00
196	bulk 189	row 189	\N	2024-01-01 00:00:00+00
197	bulk 190	row 190	\N	2024-01-01 00:00:00+00
198	bulk 191	row 191	\N	2024-01-01 00:00:00+00
199	bulk 192	row 192	\N	2024-01-01 00:00:00+00
200	bulk 193	row 193	\N	2024-01-01 00:00:00+00
201	bulk 194	row 194	\N	2024-01-01 00:00:00+00
202	bulk 195	row 195	\N	2024-01-01 00:00:00+00
203	bulk 196	row 196	\N	2024-01-01 00:00:00+00
204	bulk 197	row 197	\N	2024-01-01 00:00:00+00
205	bulk 198	row 198	\N	2024-01-01 00:00:00+00
206	bulk 199	row 199	\N	2024-01-01 00:00:00+00
207	bulk 200	row 200	\N	2024-01-01 00:00:00+00
\.


--
-- Data for Name: empty_table; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.empty_table (id, v) FROM stdin;
\.


--
-- Data for Name: notes; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.notes (body, n) FROM stdin;
\\.	1
\\.	2
\\	3
\N	4
\\N	5
a\\.\nb	6
\.


--
-- Data for Name: orders; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.orders (id, customer_id, amount, tags, meta, payload) FROM stdin;
1	2	1.25	{a,"b c","d\te"}	{"g": 1, "s": "x\\ny"}	\\x00ff5c0a0d09
2	3	2.50	{a,"b c","d\te"}	{"g": 2, "s": "x\\ny"}	\\x00ff5c0a0d09
3	4	3.75	{a,"b c","d\te"}	{"g": 3, "s": "x\\ny"}	\\x00ff5c0a0d09
4	5	5.00	{a,"b c","d\te"}	{"g": 4, "s": "x\\ny"}	\\x00ff5c0a0d09
5	6	6.25	{a,"b c","d\te"}	{"g": 5, "s": "x\\ny"}	\\x00ff5c0a0d09
6	7	7.50	{a,"b c","d\te"}	{"g": 6, "s": "x\\ny"}	\\x00ff5c0a0d09
7	8	8.75	{a,"b c","d\te"}	{"g": 7, "s": "x\\ny"}	\\x00ff5c0a0d09
8	9	10.00	{a,"b c","d\te"}	{"g": 8, "s": "x\\ny"}	\\x00ff5c0a0d09
9	10	11.25	{a,"b c","d\te"}	{"g": 9, "s": "x\\ny"}	\\x00ff5c0a0d09
10	11	12.50	{a,"b c","d\te"}	{"g": 10, "s": "x\\ny"}	\\x00ff5c0a0d09
11	12	13.75	{a,"b c","d\te"}	{"g": 11, "s": "x\\ny"}	\\x00ff5c0a0d09
12	13	15.00	{a,"b c","d\te"}	{"g": 12, "s": "x\\ny"}	\\x00ff5c0a0d09
13	14	16.25	{a,"b c","d\te"}	{"g": 13, "s": "x\\ny"}	\\x00ff5c0a0d09
14	15	17.50	{a,"b c","d\te"}	{"g": 14, "s": "x\\ny"}	\\x00ff5c0a0d09
15	16	18.75	{a,"b c","d\te"}	{"g": 15, "s": "x\\ny"}	\\x00ff5c0a0d09
16	17	20.00	{a,"b c","d\te"}	{"g": 16, "s": "x\\ny"}	\\x00ff5c0a0d09
17	18	21.25	{a,"b c","d\te"}	{"g": 17, "s": "x\\ny"}	\\x00ff5c0a0d09
18	19	22.50	{a,"b c","d\te"}	{"g": 18, "s": "x\\ny"}	\\x00ff5c0a0d09
19	20	23.75	{a,"b c","d\te"}	{"g": 19, "s": "x\\ny"}	\\x00ff5c0a0d09
20	21	25.00	{a,"b c","d\te"}	{"g": 20, "s": "x\\ny"}	\\x00ff5c0a0d09
21	22	26.25	{a,"b c","d\te"}	{"g": 21, "s": "x\\ny"}	\\x00ff5c0a0d09
22	23	27.50	{a,"b c","d\te"}	{"g": 22, "s": "x\\ny"}	\\x00ff5c0a0d09
23	24	28.75	{a,"b c","d\te"}	{"g": 23, "s": "x\\ny"}	\\x00ff5c0a0d09
24	25	30.00	{a,"b c","d\te"}	{"g": 24, "s": "x\\ny"}	\\x00ff5c0a0d09
25	26	31.25	{a,"b c","d\te"}	{"g": 25, "s": "x\\ny"}	\\x00ff5c0a0d09
26	27	32.50	{a,"b c","d\te"}	{"g": 26, "s": "x\\ny"}	\\x00ff5c0a0d09
27	28	33.75	{a,"b c","d\te"}	{"g": 27, "s": "x\\ny"}	\\x00ff5c0a0d09
28	29	35.00	{a,"b c","d\te"}	{"g": 28, "s": "x\\ny"}	\\x00ff5c0a0d09
29	30	36.25	{a,"b c","d\te"}	{"g": 29, "s": "x\\ny"}	\\x00ff5c0a0d09
30	31	37.50	{a,"b c","d\te"}	{"g": 30, "s": "x\\ny"}	\\x00ff5c0a0d09
31	32	38.75	{a,"b c","d\te"}	{"g": 31, "s": "x\\ny"}	\\x00ff5c0a0d09
32	33	40.00	{a,"b c","d\te"}	{"g": 32, "s": "x\\ny"}	\\x00ff5c0a0d09
33	34	41.25	{a,"b c","d\te"}	{"g": 33, "s": "x\\ny"}	\\x00ff5c0a0d09
34	35	42.50	{a,"b c","d\te"}	{"g": 34, "s": "x\\ny"}	\\x00ff5c0a0d09
35	36	43.75	{a,"b c","d\te"}	{"g": 35, "s": "x\\ny"}	\\x00ff5c0a0d09
36	37	45.00	{a,"b c","d\te"}	{"g": 36, "s": "x\\ny"}	\\x00ff5c0a0d09
37	38	46.25	{a,"b c","d\te"}	{"g": 37, "s": "x\\ny"}	\\x00ff5c0a0d09
38	39	47.50	{a,"b c","d\te"}	{"g": 38, "s": "x\\ny"}	\\x00ff5c0a0d09
39	40	48.75	{a,"b c","d\te"}	{"g": 39, "s": "x\\ny"}	\\x00ff5c0a0d09
40	41	50.00	{a,"b c","d\te"}	{"g": 40, "s": "x\\ny"}	\\x00ff5c0a0d09
41	42	51.25	{a,"b c","d\te"}	{"g": 41, "s": "x\\ny"}	\\x00ff5c0a0d09
42	43	52.50	{a,"b c","d\te"}	{"g": 42, "s": "x\\ny"}	\\x00ff5c0a0d09
43	44	53.75	{a,"b c","d\te"}	{"g": 43, "s": "x\\ny"}	\\x00ff5c0a0d09
44	45	55.00	{a,"b c","d\te"}	{"g": 44, "s": "x\\ny"}	\\x00ff5c0a0d09
45	46	56.25	{a,"b c","d\te"}	{"g": 45, "s": "x\\ny"}	\\x00ff5c0a0d09
46	47	57.50	{a,"b c","d\te"}	{"g": 46, "s": "x\\ny"}	\\x00ff5c0a0d09
47	48	58.75	{a,"b c","d\te"}	{"g": 47, "s": "x\\ny"}	\\x00ff5c0a0d09
48	49	60.00	{a,"b c","d\te"}	{"g": 48, "s": "x\\ny"}	\\x00ff5c0a0d09
49	50	61.25	{a,"b c","d\te"}	{"g": 49, "s": "x\\ny"}	\\x00ff5c0a0d09
50	51	62.50	{a,"b c","d\te"}	{"g": 50, "s": "x\\ny"}	\\x00ff5c0a0d09
51	52	63.75	{a,"b c","d\te"}	{"g": 51, "s": "x\\ny"}	\\x00ff5c0a0d09
52	53	65.00	{a,"b c","d\te"}	{"g": 52, "s": "x\\ny"}	\\x00ff5c0a0d09
53	54	66.25	{a,"b c","d\te"}	{"g": 53, "s": "x\\ny"}	\\x00ff5c0a0d09
54	55	67.50	{a,"b c","d\te"}	{"g": 54, "s": "x\\ny"}	\\x00ff5c0a0d09
55	56	68.75	{a,"b c","d\te"}	{"g": 55, "s": "x\\ny"}	\\x00ff5c0a0d09
56	57	70.00	{a,"b c","d\te"}	{"g": 56, "s": "x\\ny"}	\\x00ff5c0a0d09
57	58	71.25	{a,"b c","d\te"}	{"g": 57, "s": "x\\ny"}	\\x00ff5c0a0d09
58	59	72.50	{a,"b c","d\te"}	{"g": 58, "s": "x\\ny"}	\\x00ff5c0a0d09
59	60	73.75	{a,"b c","d\te"}	{"g": 59, "s": "x\\ny"}	\\x00ff5c0a0d09
60	61	75.00	{a,"b c","d\te"}	{"g": 60, "s": "x\\ny"}	\\x00ff5c0a0d09
61	62	76.25	{a,"b c","d\te"}	{"g": 61, "s": "x\\ny"}	\\x00ff5c0a0d09
62	63	77.50	{a,"b c","d\te"}	{"g": 62, "s": "x\\ny"}	\\x00ff5c0a0d09
63	64	78.75	{a,"b c","d\te"}	{"g": 63, "s": "x\\ny"}	\\x00ff5c0a0d09
64	65	80.00	{a,"b c","d\te"}	{"g": 64, "s": "x\\ny"}	\\x00ff5c0a0d09
65	66	81.25	{a,"b c","d\te"}	{"g": 65, "s": "x\\ny"}	\\x00ff5c0a0d09
66	67	82.50	{a,"b c","d\te"}	{"g": 66, "s": "x\\ny"}	\\x00ff5c0a0d09
67	68	83.75	{a,"b c","d\te"}	{"g": 67, "s": "x\\ny"}	\\x00ff5c0a0d09
68	69	85.00	{a,"b c","d\te"}	{"g": 68, "s": "x\\ny"}	\\x00ff5c0a0d09
69	70	86.25	{a,"b c","d\te"}	{"g": 69, "s": "x\\ny"}	\\x00ff5c0a0d09
70	71	87.50	{a,"b c","d\te"}	{"g": 70, "s": "x\\ny"}	\\x00ff5c0a0d09
71	72	88.75	{a,"b c","d\te"}	{"g": 71, "s": "x\\ny"}	\\x00ff5c0a0d09
72	73	90.00	{a,"b c","d\te"}	{"g": 72, "s": "x\\ny"}	\\x00ff5c0a0d09
73	74	91.25	{a,"b c","d\te"}	{"g": 73, "s": "x\\ny"}	\\x00ff5c0a0d09
74	75	92.50	{a,"b c","d\te"}	{"g": 74, "s": "x\\ny"}	\\x00ff5c0a0d09
75	76	93.75	{a,"b c","d\te"}	{"g": 75, "s": "x\\ny"}	\\x00ff5c0a0d09
76	77	95.00	{a,"b c","d\te"}	{"g": 76, "s": "x\\ny"}	\\x00ff5c0a0d09
77	78	96.25	{a,"b c","d\te"}	{"g": 77, "s": "x\\ny"}	\\x00ff5c0a0d09
78	79	97.50	{a,"b c","d\te"}	{"g": 78, "s": "x\\ny"}	\\x00ff5c0a0d09
79	80	98.75	{a,"b c","d\te"}	{"g": 79, "s": "x\\ny"}	\\x00ff5c0a0d09
80	81	100.00	{a,"b c","d\te"}	{"g": 80, "s": "x\\ny"}	\\x00ff5c0a0d09
81	82	101.25	{a,"b c","d\te"}	{"g": 81, "s": "x\\ny"}	\\x00ff5c0a0d09
82	83	102.50	{a,"b c","d\te"}	{"g": 82, "s": "x\\ny"}	\\x00ff5c0a0d09
83	84	103.75	{a,"b c","d\te"}	{"g": 83, "s": "x\\ny"}	\\x00ff5c0a0d09
84	85	105.00	{a,"b c","d\te"}	{"g": 84, "s": "x\\ny"}	\\x00ff5c0a0d09
85	86	106.25	{a,"b c","d\te"}	{"g": 85, "s": "x\\ny"}	\\x00ff5c0a0d09
86	87	107.50	{a,"b c","d\te"}	{"g": 86, "s": "x\\ny"}	\\x00ff5c0a0d09
87	88	108.75	{a,"b c","d\te"}	{"g": 87, "s": "x\\ny"}	\\x00ff5c0a0d09
88	89	110.00	{a,"b c","d\te"}	{"g": 88, "s": "x\\ny"}	\\x00ff5c0a0d09
89	90	111.25	{a,"b c","d\te"}	{"g": 89, "s": "x\\ny"}	\\x00ff5c0a0d09
90	91	112.50	{a,"b c","d\te"}	{"g": 90, "s": "x\\ny"}	\\x00ff5c0a0d09
91	92	113.75	{a,"b c","d\te"}	{"g": 91, "s": "x\\ny"}	\\x00ff5c0a0d09
92	93	115.00	{a,"b c","d\te"}	{"g": 92, "s": "x\\ny"}	\\x00ff5c0a0d09
93	94	116.25	{a,"b c","d\te"}	{"g": 93, "s": "x\\ny"}	\\x00ff5c0a0d09
94	95	117.50	{a,"b c","d\te"}	{"g": 94, "s": "x\\ny"}	\\x00ff5c0a0d09
95	96	118.75	{a,"b c","d\te"}	{"g": 95, "s": "x\\ny"}	\\x00ff5c0a0d09
96	97	120.00	{a,"b c","d\te"}	{"g": 96, "s": "x\\ny"}	\\x00ff5c0a0d09
97	98	121.25	{a,"b c","d\te"}	{"g": 97, "s": "x\\ny"}	\\x00ff5c0a0d09
98	99	122.50	{a,"b c","d\te"}	{"g": 98, "s": "x\\ny"}	\\x00ff5c0a0d09
99	100	123.75	{a,"b c","d\te"}	{"g": 99, "s": "x\\ny"}	\\x00ff5c0a0d09
100	101	125.00	{a,"b c","d\te"}	{"g": 100, "s": "x\\ny"}	\\x00ff5c0a0d09
101	102	126.25	{a,"b c","d\te"}	{"g": 101, "s": "x\\ny"}	\\x00ff5c0a0d09
102	103	127.50	{a,"b c","d\te"}	{"g": 102, "s": "x\\ny"}	\\x00ff5c0a0d09
103	104	128.75	{a,"b c","d\te"}	{"g": 103, "s": "x\\ny"}	\\x00ff5c0a0d09
104	105	130.00	{a,"b c","d\te"}	{"g": 104, "s": "x\\ny"}	\\x00ff5c0a0d09
105	106	131.25	{a,"b c","d\te"}	{"g": 105, "s": "x\\ny"}	\\x00ff5c0a0d09
106	107	132.50	{a,"b c","d\te"}	{"g": 106, "s": "x\\ny"}	\\x00ff5c0a0d09
107	108	133.75	{a,"b c","d\te"}	{"g": 107, "s": "x\\ny"}	\\x00ff5c0a0d09
108	109	135.00	{a,"b c","d\te"}	{"g": 108, "s": "x\\ny"}	\\x00ff5c0a0d09
109	110	136.25	{a,"b c","d\te"}	{"g": 109, "s": "x\\ny"}	\\x00ff5c0a0d09
110	111	137.50	{a,"b c","d\te"}	{"g": 110, "s": "x\\ny"}	\\x00ff5c0a0d09
111	112	138.75	{a,"b c","d\te"}	{"g": 111, "s": "x\\ny"}	\\x00ff5c0a0d09
112	113	140.00	{a,"b c","d\te"}	{"g": 112, "s": "x\\ny"}	\\x00ff5c0a0d09
113	114	141.25	{a,"b c","d\te"}	{"g": 113, "s": "x\\ny"}	\\x00ff5c0a0d09
114	115	142.50	{a,"b c","d\te"}	{"g": 114, "s": "x\\ny"}	\\x00ff5c0a0d09
115	116	143.75	{a,"b c","d\te"}	{"g": 115, "s": "x\\ny"}	\\x00ff5c0a0d09
116	117	145.00	{a,"b c","d\te"}	{"g": 116, "s": "x\\ny"}	\\x00ff5c0a0d09
117	118	146.25	{a,"b c","d\te"}	{"g": 117, "s": "x\\ny"}	\\x00ff5c0a0d09
118	119	147.50	{a,"b c","d\te"}	{"g": 118, "s": "x\\ny"}	\\x00ff5c0a0d09
119	120	148.75	{a,"b c","d\te"}	{"g": 119, "s": "x\\ny"}	\\x00ff5c0a0d09
120	121	150.00	{a,"b c","d\te"}	{"g": 120, "s": "x\\ny"}	\\x00ff5c0a0d09
121	122	151.25	{a,"b c","d\te"}	{"g": 121, "s": "x\\ny"}	\\x00ff5c0a0d09
122	123	152.50	{a,"b c","d\te"}	{"g": 122, "s": "x\\ny"}	\\x00ff5c0a0d09
123	124	153.75	{a,"b c","d\te"}	{"g": 123, "s": "x\\ny"}	\\x00ff5c0a0d09
124	125	155.00	{a,"b c","d\te"}	{"g": 124, "s": "x\\ny"}	\\x00ff5c0a0d09
125	126	156.25	{a,"b c","d\te"}	{"g": 125, "s": "x\\ny"}	\\x00ff5c0a0d09
126	127	157.50	{a,"b c","d\te"}	{"g": 126, "s": "x\\ny"}	\\x00ff5c0a0d09
127	128	158.75	{a,"b c","d\te"}	{"g": 127, "s": "x\\ny"}	\\x00ff5c0a0d09
128	129	160.00	{a,"b c","d\te"}	{"g": 128, "s": "x\\ny"}	\\x00ff5c0a0d09
129	130	161.25	{a,"b c","d\te"}	{"g": 129, "s": "x\\ny"}	\\x00ff5c0a0d09
130	131	162.50	{a,"b c","d\te"}	{"g": 130, "s": "x\\ny"}	\\x00ff5c0a0d09
131	132	163.75	{a,"b c","d\te"}	{"g": 131, "s": "x\\ny"}	\\x00ff5c0a0d09
132	133	165.00	{a,"b c","d\te"}	{"g": 132, "s": "x\\ny"}	\\x00ff5c0a0d09
133	134	166.25	{a,"b c","d\te"}	{"g": 133, "s": "x\\ny"}	\\x00ff5c0a0d09
134	135	167.50	{a,"b c","d\te"}	{"g": 134, "s": "x\\ny"}	\\x00ff5c0a0d09
135	136	168.75	{a,"b c","d\te"}	{"g": 135, "s": "x\\ny"}	\\x00ff5c0a0d09
136	137	170.00	{a,"b c","d\te"}	{"g": 136, "s": "x\\ny"}	\\x00ff5c0a0d09
137	138	171.25	{a,"b c","d\te"}	{"g": 137, "s": "x\\ny"}	\\x00ff5c0a0d09
138	139	172.50	{a,"b c","d\te"}	{"g": 138, "s": "x\\ny"}	\\x00ff5c0a0d09
139	140	173.75	{a,"b c","d\te"}	{"g": 139, "s": "x\\ny"}	\\x00ff5c0a0d09
140	141	175.00	{a,"b c","d\te"}	{"g": 140, "s": "x\\ny"}	\\x00ff5c0a0d09
141	142	176.25	{a,"b c","d\te"}	{"g": 141, "s": "x\\ny"}	\\x00ff5c0a0d09
142	143	177.50	{a,"b c","d\te"}	{"g": 142, "s": "x\\ny"}	\\x00ff5c0a0d09
143	144	178.75	{a,"b c","d\te"}	{"g": 143, "s": "x\\ny"}	\\x00ff5c0a0d09
144	145	180.00	{a,"b c","d\te"}	{"g": 144, "s": "x\\ny"}	\\x00ff5c0a0d09
145	146	181.25	{a,"b c","d\te"}	{"g": 145, "s": "x\\ny"}	\\x00ff5c0a0d09
146	147	182.50	{a,"b c","d\te"}	{"g": 146, "s": "x\\ny"}	\\x00ff5c0a0d09
147	148	183.75	{a,"b c","d\te"}	{"g": 147, "s": "x\\ny"}	\\x00ff5c0a0d09
148	149	185.00	{a,"b c","d\te"}	{"g": 148, "s": "x\\ny"}	\\x00ff5c0a0d09
149	150	186.25	{a,"b c","d\te"}	{"g": 149, "s": "x\\ny"}	\\x00ff5c0a0d09
150	151	187.50	{a,"b c","d\te"}	{"g": 150, "s": "x\\ny"}	\\x00ff5c0a0d09
151	152	188.75	{a,"b c","d\te"}	{"g": 151, "s": "x\\ny"}	\\x00ff5c0a0d09
152	153	190.00	{a,"b c","d\te"}	{"g": 152, "s": "x\\ny"}	\\x00ff5c0a0d09
153	154	191.25	{a,"b c","d\te"}	{"g": 153, "s": "x\\ny"}	\\x00ff5c0a0d09
154	155	192.50	{a,"b c","d\te"}	{"g": 154, "s": "x\\ny"}	\\x00ff5c0a0d09
155	156	193.75	{a,"b c","d\te"}	{"g": 155, "s": "x\\ny"}	\\x00ff5c0a0d09
156	157	195.00	{a,"b c","d\te"}	{"g": 156, "s": "x\\ny"}	\\x00ff5c0a0d09
157	158	196.25	{a,"b c","d\te"}	{"g": 157, "s": "x\\ny"}	\\x00ff5c0a0d09
158	159	197.50	{a,"b c","d\te"}	{"g": 158, "s": "x\\ny"}	\\x00ff5c0a0d09
159	160	198.75	{a,"b c","d\te"}	{"g": 159, "s": "x\\ny"}	\\x00ff5c0a0d09
160	161	200.00	{a,"b c","d\te"}	{"g": 160, "s": "x\\ny"}	\\x00ff5c0a0d09
161	162	201.25	{a,"b c","d\te"}	{"g": 161, "s": "x\\ny"}	\\x00ff5c0a0d09
162	163	202.50	{a,"b c","d\te"}	{"g": 162, "s": "x\\ny"}	\\x00ff5c0a0d09
163	164	203.75	{a,"b c","d\te"}	{"g": 163, "s": "x\\ny"}	\\x00ff5c0a0d09
164	165	205.00	{a,"b c","d\te"}	{"g": 164, "s": "x\\ny"}	\\x00ff5c0a0d09
165	166	206.25	{a,"b c","d\te"}	{"g": 165, "s": "x\\ny"}	\\x00ff5c0a0d09
166	167	207.50	{a,"b c","d\te"}	{"g": 166, "s": "x\\ny"}	\\x00ff5c0a0d09
167	168	208.75	{a,"b c","d\te"}	{"g": 167, "s": "x\\ny"}	\\x00ff5c0a0d09
168	169	210.00	{a,"b c","d\te"}	{"g": 168, "s": "x\\ny"}	\\x00ff5c0a0d09
169	170	211.25	{a,"b c","d\te"}	{"g": 169, "s": "x\\ny"}	\\x00ff5c0a0d09
170	171	212.50	{a,"b c","d\te"}	{"g": 170, "s": "x\\ny"}	\\x00ff5c0a0d09
171	172	213.75	{a,"b c","d\te"}	{"g": 171, "s": "x\\ny"}	\\x00ff5c0a0d09
172	173	215.00	{a,"b c","d\te"}	{"g": 172, "s": "x\\ny"}	\\x00ff5c0a0d09
173	174	216.25	{a,"b c","d\te"}	{"g": 173, "s": "x\\ny"}	\\x00ff5c0a0d09
174	175	217.50	{a,"b c","d\te"}	{"g": 174, "s": "x\\ny"}	\\x00ff5c0a0d09
175	176	218.75	{a,"b c","d\te"}	{"g": 175, "s": "x\\ny"}	\\x00ff5c0a0d09
176	177	220.00	{a,"b c","d\te"}	{"g": 176, "s": "x\\ny"}	\\x00ff5c0a0d09
177	178	221.25	{a,"b c","d\te"}	{"g": 177, "s": "x\\ny"}	\\x00ff5c0a0d09
178	179	222.50	{a,"b c","d\te"}	{"g": 178, "s": "x\\ny"}	\\x00ff5c0a0d09
179	180	223.75	{a,"b c","d\te"}	{"g": 179, "s": "x\\ny"}	\\x00ff5c0a0d09
180	181	225.00	{a,"b c","d\te"}	{"g": 180, "s": "x\\ny"}	\\x00ff5c0a0d09
181	182	226.25	{a,"b c","d\te"}	{"g": 181, "s": "x\\ny"}	\\x00ff5c0a0d09
182	183	227.50	{a,"b c","d\te"}	{"g": 182, "s": "x\\ny"}	\\x00ff5c0a0d09
183	184	228.75	{a,"b c","d\te"}	{"g": 183, "s": "x\\ny"}	\\x00ff5c0a0d09
184	185	230.00	{a,"b c","d\te"}	{"g": 184, "s": "x\\ny"}	\\x00ff5c0a0d09
185	186	231.25	{a,"b c","d\te"}	{"g": 185, "s": "x\\ny"}	\\x00ff5c0a0d09
186	187	232.50	{a,"b c","d\te"}	{"g": 186, "s": "x\\ny"}	\\x00ff5c0a0d09
187	188	233.75	{a,"b c","d\te"}	{"g": 187, "s": "x\\ny"}	\\x00ff5c0a0d09
188	189	235.00	{a,"b c","d\te"}	{"g": 188, "s": "x\\ny"}	\\x00ff5c0a0d09
189	190	236.25	{a,"b c","d\te"}	{"g": 189, "s": "x\\ny"}	\\x00ff5c0a0d09
190	191	237.50	{a,"b c","d\te"}	{"g": 190, "s": "x\\ny"}	\\x00ff5c0a0d09
191	192	238.75	{a,"b c","d\te"}	{"g": 191, "s": "x\\ny"}	\\x00ff5c0a0d09
192	193	240.00	{a,"b c","d\te"}	{"g": 192, "s": "x\\ny"}	\\x00ff5c0a0d09
193	194	241.25	{a,"b c","d\te"}	{"g": 193, "s": "x\\ny"}	\\x00ff5c0a0d09
194	195	242.50	{a,"b c","d\te"}	{"g": 194, "s": "x\\ny"}	\\x00ff5c0a0d09
195	196	243.75	{a,"b c","d\te"}	{"g": 195, "s": "x\\ny"}	\\x00ff5c0a0d09
196	197	245.00	{a,"b c","d\te"}	{"g": 196, "s": "x\\ny"}	\\x00ff5c0a0d09
197	198	246.25	{a,"b c","d\te"}	{"g": 197, "s": "x\\ny"}	\\x00ff5c0a0d09
198	199	247.50	{a,"b c","d\te"}	{"g": 198, "s": "x\\ny"}	\\x00ff5c0a0d09
199	200	248.75	{a,"b c","d\te"}	{"g": 199, "s": "x\\ny"}	\\x00ff5c0a0d09
200	201	250.00	{a,"b c","d\te"}	{"g": 200, "s": "x\\ny"}	\\x00ff5c0a0d09
201	202	251.25	{a,"b c","d\te"}	{"g": 201, "s": "x\\ny"}	\\x00ff5c0a0d09
202	203	252.50	{a,"b c","d\te"}	{"g": 202, "s": "x\\ny"}	\\x00ff5c0a0d09
203	204	253.75	{a,"b c","d\te"}	{"g": 203, "s": "x\\ny"}	\\x00ff5c0a0d09
204	205	255.00	{a,"b c","d\te"}	{"g": 204, "s": "x\\ny"}	\\x00ff5c0a0d09
205	206	256.25	{a,"b c","d\te"}	{"g": 205, "s": "x\\ny"}	\\x00ff5c0a0d09
206	207	257.50	{a,"b c","d\te"}	{"g": 206, "s": "x\\ny"}	\\x00ff5c0a0d09
207	1	258.75	{a,"b c","d\te"}	{"g": 207, "s": "x\\ny"}	\\x00ff5c0a0d09
208	2	260.00	{a,"b c","d\te"}	{"g": 208, "s": "x\\ny"}	\\x00ff5c0a0d09
209	3	261.25	{a,"b c","d\te"}	{"g": 209, "s": "x\\ny"}	\\x00ff5c0a0d09
210	4	262.50	{a,"b c","d\te"}	{"g": 210, "s": "x\\ny"}	\\x00ff5c0a0d09
211	5	263.75	{a,"b c","d\te"}	{"g": 211, "s": "x\\ny"}	\\x00ff5c0a0d09
212	6	265.00	{a,"b c","d\te"}	{"g": 212, "s": "x\\ny"}	\\x00ff5c0a0d09
213	7	266.25	{a,"b c","d\te"}	{"g": 213, "s": "x\\ny"}	\\x00ff5c0a0d09
214	8	267.50	{a,"b c","d\te"}	{"g": 214, "s": "x\\ny"}	\\x00ff5c0a0d09
215	9	268.75	{a,"b c","d\te"}	{"g": 215, "s": "x\\ny"}	\\x00ff5c0a0d09
216	10	270.00	{a,"b c","d\te"}	{"g": 216, "s": "x\\ny"}	\\x00ff5c0a0d09
217	11	271.25	{a,"b c","d\te"}	{"g": 217, "s": "x\\ny"}	\\x00ff5c0a0d09
218	12	272.50	{a,"b c","d\te"}	{"g": 218, "s": "x\\ny"}	\\x00ff5c0a0d09
219	13	273.75	{a,"b c","d\te"}	{"g": 219, "s": "x\\ny"}	\\x00ff5c0a0d09
220	14	275.00	{a,"b c","d\te"}	{"g": 220, "s": "x\\ny"}	\\x00ff5c0a0d09
221	15	276.25	{a,"b c","d\te"}	{"g": 221, "s": "x\\ny"}	\\x00ff5c0a0d09
222	16	277.50	{a,"b c","d\te"}	{"g": 222, "s": "x\\ny"}	\\x00ff5c0a0d09
223	17	278.75	{a,"b c","d\te"}	{"g": 223, "s": "x\\ny"}	\\x00ff5c0a0d09
224	18	280.00	{a,"b c","d\te"}	{"g": 224, "s": "x\\ny"}	\\x00ff5c0a0d09
225	19	281.25	{a,"b c","d\te"}	{"g": 225, "s": "x\\ny"}	\\x00ff5c0a0d09
226	20	282.50	{a,"b c","d\te"}	{"g": 226, "s": "x\\ny"}	\\x00ff5c0a0d09
227	21	283.75	{a,"b c","d\te"}	{"g": 227, "s": "x\\ny"}	\\x00ff5c0a0d09
228	22	285.00	{a,"b c","d\te"}	{"g": 228, "s": "x\\ny"}	\\x00ff5c0a0d09
229	23	286.25	{a,"b c","d\te"}	{"g": 229, "s": "x\\ny"}	\\x00ff5c0a0d09
230	24	287.50	{a,"b c","d\te"}	{"g": 230, "s": "x\\ny"}	\\x00ff5c0a0d09
231	25	288.75	{a,"b c","d\te"}	{"g": 231, "s": "x\\ny"}	\\x00ff5c0a0d09
232	26	290.00	{a,"b c","d\te"}	{"g": 232, "s": "x\\ny"}	\\x00ff5c0a0d09
233	27	291.25	{a,"b c","d\te"}	{"g": 233, "s": "x\\ny"}	\\x00ff5c0a0d09
234	28	292.50	{a,"b c","d\te"}	{"g": 234, "s": "x\\ny"}	\\x00ff5c0a0d09
235	29	293.75	{a,"b c","d\te"}	{"g": 235, "s": "x\\ny"}	\\x00ff5c0a0d09
236	30	295.00	{a,"b c","d\te"}	{"g": 236, "s": "x\\ny"}	\\x00ff5c0a0d09
237	31	296.25	{a,"b c","d\te"}	{"g": 237, "s": "x\\ny"}	\\x00ff5c0a0d09
238	32	297.50	{a,"b c","d\te"}	{"g": 238, "s": "x\\ny"}	\\x00ff5c0a0d09
239	33	298.75	{a,"b c","d\te"}	{"g": 239, "s": "x\\ny"}	\\x00ff5c0a0d09
240	34	300.00	{a,"b c","d\te"}	{"g": 240, "s": "x\\ny"}	\\x00ff5c0a0d09
241	35	301.25	{a,"b c","d\te"}	{"g": 241, "s": "x\\ny"}	\\x00ff5c0a0d09
242	36	302.50	{a,"b c","d\te"}	{"g": 242, "s": "x\\ny"}	\\x00ff5c0a0d09
243	37	303.75	{a,"b c","d\te"}	{"g": 243, "s": "x\\ny"}	\\x00ff5c0a0d09
244	38	305.00	{a,"b c","d\te"}	{"g": 244, "s": "x\\ny"}	\\x00ff5c0a0d09
245	39	306.25	{a,"b c","d\te"}	{"g": 245, "s": "x\\ny"}	\\x00ff5c0a0d09
246	40	307.50	{a,"b c","d\te"}	{"g": 246, "s": "x\\ny"}	\\x00ff5c0a0d09
247	41	308.75	{a,"b c","d\te"}	{"g": 247, "s": "x\\ny"}	\\x00ff5c0a0d09
248	42	310.00	{a,"b c","d\te"}	{"g": 248, "s": "x\\ny"}	\\x00ff5c0a0d09
249	43	311.25	{a,"b c","d\te"}	{"g": 249, "s": "x\\ny"}	\\x00ff5c0a0d09
250	44	312.50	{a,"b c","d\te"}	{"g": 250, "s": "x\\ny"}	\\x00ff5c0a0d09
251	45	313.75	{a,"b c","d\te"}	{"g": 251, "s": "x\\ny"}	\\x00ff5c0a0d09
252	46	315.00	{a,"b c","d\te"}	{"g": 252, "s": "x\\ny"}	\\x00ff5c0a0d09
253	47	316.25	{a,"b c","d\te"}	{"g": 253, "s": "x\\ny"}	\\x00ff5c0a0d09
254	48	317.50	{a,"b c","d\te"}	{"g": 254, "s": "x\\ny"}	\\x00ff5c0a0d09
255	49	318.75	{a,"b c","d\te"}	{"g": 255, "s": "x\\ny"}	\\x00ff5c0a0d09
256	50	320.00	{a,"b c","d\te"}	{"g": 256, "s": "x\\ny"}	\\x00ff5c0a0d09
257	51	321.25	{a,"b c","d\te"}	{"g": 257, "s": "x\\ny"}	\\x00ff5c0a0d09
258	52	322.50	{a,"b c","d\te"}	{"g": 258, "s": "x\\ny"}	\\x00ff5c0a0d09
259	53	323.75	{a,"b c","d\te"}	{"g": 259, "s": "x\\ny"}	\\x00ff5c0a0d09
260	54	325.00	{a,"b c","d\te"}	{"g": 260, "s": "x\\ny"}	\\x00ff5c0a0d09
261	55	326.25	{a,"b c","d\te"}	{"g": 261, "s": "x\\ny"}	\\x00ff5c0a0d09
262	56	327.50	{a,"b c","d\te"}	{"g": 262, "s": "x\\ny"}	\\x00ff5c0a0d09
263	57	328.75	{a,"b c","d\te"}	{"g": 263, "s": "x\\ny"}	\\x00ff5c0a0d09
264	58	330.00	{a,"b c","d\te"}	{"g": 264, "s": "x\\ny"}	\\x00ff5c0a0d09
265	59	331.25	{a,"b c","d\te"}	{"g": 265, "s": "x\\ny"}	\\x00ff5c0a0d09
266	60	332.50	{a,"b c","d\te"}	{"g": 266, "s": "x\\ny"}	\\x00ff5c0a0d09
267	61	333.75	{a,"b c","d\te"}	{"g": 267, "s": "x\\ny"}	\\x00ff5c0a0d09
268	62	335.00	{a,"b c","d\te"}	{"g": 268, "s": "x\\ny"}	\\x00ff5c0a0d09
269	63	336.25	{a,"b c","d\te"}	{"g": 269, "s": "x\\ny"}	\\x00ff5c0a0d09
270	64	337.50	{a,"b c","d\te"}	{"g": 270, "s": "x\\ny"}	\\x00ff5c0a0d09
271	65	338.75	{a,"b c","d\te"}	{"g": 271, "s": "x\\ny"}	\\x00ff5c0a0d09
272	66	340.00	{a,"b c","d\te"}	{"g": 272, "s": "x\\ny"}	\\x00ff5c0a0d09
273	67	341.25	{a,"b c","d\te"}	{"g": 273, "s": "x\\ny"}	\\x00ff5c0a0d09
274	68	342.50	{a,"b c","d\te"}	{"g": 274, "s": "x\\ny"}	\\x00ff5c0a0d09
275	69	343.75	{a,"b c","d\te"}	{"g": 275, "s": "x\\ny"}	\\x00ff5c0a0d09
276	70	345.00	{a,"b c","d\te"}	{"g": 276, "s": "x\\ny"}	\\x00ff5c0a0d09
277	71	346.25	{a,"b c","d\te"}	{"g": 277, "s": "x\\ny"}	\\x00ff5c0a0d09
278	72	347.50	{a,"b c","d\te"}	{"g": 278, "s": "x\\ny"}	\\x00ff5c0a0d09
279	73	348.75	{a,"b c","d\te"}	{"g": 279, "s": "x\\ny"}	\\x00ff5c0a0d09
280	74	350.00	{a,"b c","d\te"}	{"g": 280, "s": "x\\ny"}	\\x00ff5c0a0d09
281	75	351.25	{a,"b c","d\te"}	{"g": 281, "s": "x\\ny"}	\\x00ff5c0a0d09
282	76	352.50	{a,"b c","d\te"}	{"g": 282, "s": "x\\ny"}	\\x00ff5c0a0d09
283	77	353.75	{a,"b c","d\te"}	{"g": 283, "s": "x\\ny"}	\\x00ff5c0a0d09
284	78	355.00	{a,"b c","d\te"}	{"g": 284, "s": "x\\ny"}	\\x00ff5c0a0d09
285	79	356.25	{a,"b c","d\te"}	{"g": 285, "s": "x\\ny"}	\\x00ff5c0a0d09
286	80	357.50	{a,"b c","d\te"}	{"g": 286, "s": "x\\ny"}	\\x00ff5c0a0d09
287	81	358.75	{a,"b c","d\te"}	{"g": 287, "s": "x\\ny"}	\\x00ff5c0a0d09
288	82	360.00	{a,"b c","d\te"}	{"g": 288, "s": "x\\ny"}	\\x00ff5c0a0d09
289	83	361.25	{a,"b c","d\te"}	{"g": 289, "s": "x\\ny"}	\\x00ff5c0a0d09
290	84	362.50	{a,"b c","d\te"}	{"g": 290, "s": "x\\ny"}	\\x00ff5c0a0d09
291	85	363.75	{a,"b c","d\te"}	{"g": 291, "s": "x\\ny"}	\\x00ff5c0a0d09
292	86	365.00	{a,"b c","d\te"}	{"g": 292, "s": "x\\ny"}	\\x00ff5c0a0d09
293	87	366.25	{a,"b c","d\te"}	{"g": 293, "s": "x\\ny"}	\\x00ff5c0a0d09
294	88	367.50	{a,"b c","d\te"}	{"g": 294, "s": "x\\ny"}	\\x00ff5c0a0d09
295	89	368.75	{a,"b c","d\te"}	{"g": 295, "s": "x\\ny"}	\\x00ff5c0a0d09
296	90	370.00	{a,"b c","d\te"}	{"g": 296, "s": "x\\ny"}	\\x00ff5c0a0d09
297	91	371.25	{a,"b c","d\te"}	{"g": 297, "s": "x\\ny"}	\\x00ff5c0a0d09
298	92	372.50	{a,"b c","d\te"}	{"g": 298, "s": "x\\ny"}	\\x00ff5c0a0d09
299	93	373.75	{a,"b c","d\te"}	{"g": 299, "s": "x\\ny"}	\\x00ff5c0a0d09
300	94	375.00	{a,"b c","d\te"}	{"g": 300, "s": "x\\ny"}	\\x00ff5c0a0d09
301	95	376.25	{a,"b c","d\te"}	{"g": 301, "s": "x\\ny"}	\\x00ff5c0a0d09
302	96	377.50	{a,"b c","d\te"}	{"g": 302, "s": "x\\ny"}	\\x00ff5c0a0d09
303	97	378.75	{a,"b c","d\te"}	{"g": 303, "s": "x\\ny"}	\\x00ff5c0a0d09
304	98	380.00	{a,"b c","d\te"}	{"g": 304, "s": "x\\ny"}	\\x00ff5c0a0d09
305	99	381.25	{a,"b c","d\te"}	{"g": 305, "s": "x\\ny"}	\\x00ff5c0a0d09
306	100	382.50	{a,"b c","d\te"}	{"g": 306, "s": "x\\ny"}	\\x00ff5c0a0d09
307	101	383.75	{a,"b c","d\te"}	{"g": 307, "s": "x\\ny"}	\\x00ff5c0a0d09
308	102	385.00	{a,"b c","d\te"}	{"g": 308, "s": "x\\ny"}	\\x00ff5c0a0d09
309	103	386.25	{a,"b c","d\te"}	{"g": 309, "s": "x\\ny"}	\\x00ff5c0a0d09
310	104	387.50	{a,"b c","d\te"}	{"g": 310, "s": "x\\ny"}	\\x00ff5c0a0d09
311	105	388.75	{a,"b c","d\te"}	{"g": 311, "s": "x\\ny"}	\\x00ff5c0a0d09
312	106	390.00	{a,"b c","d\te"}	{"g": 312, "s": "x\\ny"}	\\x00ff5c0a0d09
313	107	391.25	{a,"b c","d\te"}	{"g": 313, "s": "x\\ny"}	\\x00ff5c0a0d09
314	108	392.50	{a,"b c","d\te"}	{"g": 314, "s": "x\\ny"}	\\x00ff5c0a0d09
315	109	393.75	{a,"b c","d\te"}	{"g": 315, "s": "x\\ny"}	\\x00ff5c0a0d09
316	110	395.00	{a,"b c","d\te"}	{"g": 316, "s": "x\\ny"}	\\x00ff5c0a0d09
317	111	396.25	{a,"b c","d\te"}	{"g": 317, "s": "x\\ny"}	\\x00ff5c0a0d09
318	112	397.50	{a,"b c","d\te"}	{"g": 318, "s": "x\\ny"}	\\x00ff5c0a0d09
319	113	398.75	{a,"b c","d\te"}	{"g": 319, "s": "x\\ny"}	\\x00ff5c0a0d09
320	114	400.00	{a,"b c","d\te"}	{"g": 320, "s": "x\\ny"}	\\x00ff5c0a0d09
321	115	401.25	{a,"b c","d\te"}	{"g": 321, "s": "x\\ny"}	\\x00ff5c0a0d09
322	116	402.50	{a,"b c","d\te"}	{"g": 322, "s": "x\\ny"}	\\x00ff5c0a0d09
323	117	403.75	{a,"b c","d\te"}	{"g": 323, "s": "x\\ny"}	\\x00ff5c0a0d09
324	118	405.00	{a,"b c","d\te"}	{"g": 324, "s": "x\\ny"}	\\x00ff5c0a0d09
325	119	406.25	{a,"b c","d\te"}	{"g": 325, "s": "x\\ny"}	\\x00ff5c0a0d09
326	120	407.50	{a,"b c","d\te"}	{"g": 326, "s": "x\\ny"}	\\x00ff5c0a0d09
327	121	408.75	{a,"b c","d\te"}	{"g": 327, "s": "x\\ny"}	\\x00ff5c0a0d09
328	122	410.00	{a,"b c","d\te"}	{"g": 328, "s": "x\\ny"}	\\x00ff5c0a0d09
329	123	411.25	{a,"b c","d\te"}	{"g": 329, "s": "x\\ny"}	\\x00ff5c0a0d09
330	124	412.50	{a,"b c","d\te"}	{"g": 330, "s": "x\\ny"}	\\x00ff5c0a0d09
331	125	413.75	{a,"b c","d\te"}	{"g": 331, "s": "x\\ny"}	\\x00ff5c0a0d09
332	126	415.00	{a,"b c","d\te"}	{"g": 332, "s": "x\\ny"}	\\x00ff5c0a0d09
333	127	416.25	{a,"b c","d\te"}	{"g": 333, "s": "x\\ny"}	\\x00ff5c0a0d09
334	128	417.50	{a,"b c","d\te"}	{"g": 334, "s": "x\\ny"}	\\x00ff5c0a0d09
335	129	418.75	{a,"b c","d\te"}	{"g": 335, "s": "x\\ny"}	\\x00ff5c0a0d09
336	130	420.00	{a,"b c","d\te"}	{"g": 336, "s": "x\\ny"}	\\x00ff5c0a0d09
337	131	421.25	{a,"b c","d\te"}	{"g": 337, "s": "x\\ny"}	\\x00ff5c0a0d09
338	132	422.50	{a,"b c","d\te"}	{"g": 338, "s": "x\\ny"}	\\x00ff5c0a0d09
339	133	423.75	{a,"b c","d\te"}	{"g": 339, "s": "x\\ny"}	\\x00ff5c0a0d09
340	134	425.00	{a,"b c","d\te"}	{"g": 340, "s": "x\\ny"}	\\x00ff5c0a0d09
341	135	426.25	{a,"b c","d\te"}	{"g": 341, "s": "x\\ny"}	\\x00ff5c0a0d09
342	136	427.50	{a,"b c","d\te"}	{"g": 342, "s": "x\\ny"}	\\x00ff5c0a0d09
343	137	428.75	{a,"b c","d\te"}	{"g": 343, "s": "x\\ny"}	\\x00ff5c0a0d09
344	138	430.00	{a,"b c","d\te"}	{"g": 344, "s": "x\\ny"}	\\x00ff5c0a0d09
345	139	431.25	{a,"b c","d\te"}	{"g": 345, "s": "x\\ny"}	\\x00ff5c0a0d09
346	140	432.50	{a,"b c","d\te"}	{"g": 346, "s": "x\\ny"}	\\x00ff5c0a0d09
347	141	433.75	{a,"b c","d\te"}	{"g": 347, "s": "x\\ny"}	\\x00ff5c0a0d09
348	142	435.00	{a,"b c","d\te"}	{"g": 348, "s": "x\\ny"}	\\x00ff5c0a0d09
349	143	436.25	{a,"b c","d\te"}	{"g": 349, "s": "x\\ny"}	\\x00ff5c0a0d09
350	144	437.50	{a,"b c","d\te"}	{"g": 350, "s": "x\\ny"}	\\x00ff5c0a0d09
351	145	438.75	{a,"b c","d\te"}	{"g": 351, "s": "x\\ny"}	\\x00ff5c0a0d09
352	146	440.00	{a,"b c","d\te"}	{"g": 352, "s": "x\\ny"}	\\x00ff5c0a0d09
353	147	441.25	{a,"b c","d\te"}	{"g": 353, "s": "x\\ny"}	\\x00ff5c0a0d09
354	148	442.50	{a,"b c","d\te"}	{"g": 354, "s": "x\\ny"}	\\x00ff5c0a0d09
355	149	443.75	{a,"b c","d\te"}	{"g": 355, "s": "x\\ny"}	\\x00ff5c0a0d09
356	150	445.00	{a,"b c","d\te"}	{"g": 356, "s": "x\\ny"}	\\x00ff5c0a0d09
357	151	446.25	{a,"b c","d\te"}	{"g": 357, "s": "x\\ny"}	\\x00ff5c0a0d09
358	152	447.50	{a,"b c","d\te"}	{"g": 358, "s": "x\\ny"}	\\x00ff5c0a0d09
359	153	448.75	{a,"b c","d\te"}	{"g": 359, "s": "x\\ny"}	\\x00ff5c0a0d09
360	154	450.00	{a,"b c","d\te"}	{"g": 360, "s": "x\\ny"}	\\x00ff5c0a0d09
361	155	451.25	{a,"b c","d\te"}	{"g": 361, "s": "x\\ny"}	\\x00ff5c0a0d09
362	156	452.50	{a,"b c","d\te"}	{"g": 362, "s": "x\\ny"}	\\x00ff5c0a0d09
363	157	453.75	{a,"b c","d\te"}	{"g": 363, "s": "x\\ny"}	\\x00ff5c0a0d09
364	158	455.00	{a,"b c","d\te"}	{"g": 364, "s": "x\\ny"}	\\x00ff5c0a0d09
365	159	456.25	{a,"b c","d\te"}	{"g": 365, "s": "x\\ny"}	\\x00ff5c0a0d09
366	160	457.50	{a,"b c","d\te"}	{"g": 366, "s": "x\\ny"}	\\x00ff5c0a0d09
367	161	458.75	{a,"b c","d\te"}	{"g": 367, "s": "x\\ny"}	\\x00ff5c0a0d09
368	162	460.00	{a,"b c","d\te"}	{"g": 368, "s": "x\\ny"}	\\x00ff5c0a0d09
369	163	461.25	{a,"b c","d\te"}	{"g": 369, "s": "x\\ny"}	\\x00ff5c0a0d09
370	164	462.50	{a,"b c","d\te"}	{"g": 370, "s": "x\\ny"}	\\x00ff5c0a0d09
371	165	463.75	{a,"b c","d\te"}	{"g": 371, "s": "x\\ny"}	\\x00ff5c0a0d09
372	166	465.00	{a,"b c","d\te"}	{"g": 372, "s": "x\\ny"}	\\x00ff5c0a0d09
373	167	466.25	{a,"b c","d\te"}	{"g": 373, "s": "x\\ny"}	\\x00ff5c0a0d09
374	168	467.50	{a,"b c","d\te"}	{"g": 374, "s": "x\\ny"}	\\x00ff5c0a0d09
375	169	468.75	{a,"b c","d\te"}	{"g": 375, "s": "x\\ny"}	\\x00ff5c0a0d09
376	170	470.00	{a,"b c","d\te"}	{"g": 376, "s": "x\\ny"}	\\x00ff5c0a0d09
377	171	471.25	{a,"b c","d\te"}	{"g": 377, "s": "x\\ny"}	\\x00ff5c0a0d09
378	172	472.50	{a,"b c","d\te"}	{"g": 378, "s": "x\\ny"}	\\x00ff5c0a0d09
379	173	473.75	{a,"b c","d\te"}	{"g": 379, "s": "x\\ny"}	\\x00ff5c0a0d09
380	174	475.00	{a,"b c","d\te"}	{"g": 380, "s": "x\\ny"}	\\x00ff5c0a0d09
381	175	476.25	{a,"b c","d\te"}	{"g": 381, "s": "x\\ny"}	\\x00ff5c0a0d09
382	176	477.50	{a,"b c","d\te"}	{"g": 382, "s": "x\\ny"}	\\x00ff5c0a0d09
383	177	478.75	{a,"b c","d\te"}	{"g": 383, "s": "x\\ny"}	\\x00ff5c0a0d09
384	178	480.00	{a,"b c","d\te"}	{"g": 384, "s": "x\\ny"}	\\x00ff5c0a0d09
385	179	481.25	{a,"b c","d\te"}	{"g": 385, "s": "x\\ny"}	\\x00ff5c0a0d09
386	180	482.50	{a,"b c","d\te"}	{"g": 386, "s": "x\\ny"}	\\x00ff5c0a0d09
387	181	483.75	{a,"b c","d\te"}	{"g": 387, "s": "x\\ny"}	\\x00ff5c0a0d09
388	182	485.00	{a,"b c","d\te"}	{"g": 388, "s": "x\\ny"}	\\x00ff5c0a0d09
389	183	486.25	{a,"b c","d\te"}	{"g": 389, "s": "x\\ny"}	\\x00ff5c0a0d09
390	184	487.50	{a,"b c","d\te"}	{"g": 390, "s": "x\\ny"}	\\x00ff5c0a0d09
391	185	488.75	{a,"b c","d\te"}	{"g": 391, "s": "x\\ny"}	\\x00ff5c0a0d09
392	186	490.00	{a,"b c","d\te"}	{"g": 392, "s": "x\\ny"}	\\x00ff5c0a0d09
393	187	491.25	{a,"b c","d\te"}	{"g": 393, "s": "x\\ny"}	\\x00ff5c0a0d09
394	188	492.50	{a,"b c","d\te"}	{"g": 394, "s": "x\\ny"}	\\x00ff5c0a0d09
395	189	493.75	{a,"b c","d\te"}	{"g": 395, "s": "x\\ny"}	\\x00ff5c0a0d09
396	190	495.00	{a,"b c","d\te"}	{"g": 396, "s": "x\\ny"}	\\x00ff5c0a0d09
397	191	496.25	{a,"b c","d\te"}	{"g": 397, "s": "x\\ny"}	\\x00ff5c0a0d09
398	192	497.50	{a,"b c","d\te"}	{"g": 398, "s": "x\\ny"}	\\x00ff5c0a0d09
399	193	498.75	{a,"b c","d\te"}	{"g": 399, "s": "x\\ny"}	\\x00ff5c0a0d09
400	194	500.00	{a,"b c","d\te"}	{"g": 400, "s": "x\\ny"}	\\x00ff5c0a0d09
401	195	501.25	{a,"b c","d\te"}	{"g": 401, "s": "x\\ny"}	\\x00ff5c0a0d09
402	196	502.50	{a,"b c","d\te"}	{"g": 402, "s": "x\\ny"}	\\x00ff5c0a0d09
403	197	503.75	{a,"b c","d\te"}	{"g": 403, "s": "x\\ny"}	\\x00ff5c0a0d09
404	198	505.00	{a,"b c","d\te"}	{"g": 404, "s": "x\\ny"}	\\x00ff5c0a0d09
405	199	506.25	{a,"b c","d\te"}	{"g": 405, "s": "x\\ny"}	\\x00ff5c0a0d09
406	200	507.50	{a,"b c","d\te"}	{"g": 406, "s": "x\\ny"}	\\x00ff5c0a0d09
407	201	508.75	{a,"b c","d\te"}	{"g": 407, "s": "x\\ny"}	\\x00ff5c0a0d09
408	202	510.00	{a,"b c","d\te"}	{"g": 408, "s": "x\\ny"}	\\x00ff5c0a0d09
409	203	511.25	{a,"b c","d\te"}	{"g": 409, "s": "x\\ny"}	\\x00ff5c0a0d09
410	204	512.50	{a,"b c","d\te"}	{"g": 410, "s": "x\\ny"}	\\x00ff5c0a0d09
411	205	513.75	{a,"b c","d\te"}	{"g": 411, "s": "x\\ny"}	\\x00ff5c0a0d09
412	206	515.00	{a,"b c","d\te"}	{"g": 412, "s": "x\\ny"}	\\x00ff5c0a0d09
413	207	516.25	{a,"b c","d\te"}	{"g": 413, "s": "x\\ny"}	\\x00ff5c0a0d09
414	1	517.50	{a,"b c","d\te"}	{"g": 414, "s": "x\\ny"}	\\x00ff5c0a0d09
415	2	518.75	{a,"b c","d\te"}	{"g": 415, "s": "x\\ny"}	\\x00ff5c0a0d09
416	3	520.00	{a,"b c","d\te"}	{"g": 416, "s": "x\\ny"}	\\x00ff5c0a0d09
417	4	521.25	{a,"b c","d\te"}	{"g": 417, "s": "x\\ny"}	\\x00ff5c0a0d09
418	5	522.50	{a,"b c","d\te"}	{"g": 418, "s": "x\\ny"}	\\x00ff5c0a0d09
419	6	523.75	{a,"b c","d\te"}	{"g": 419, "s": "x\\ny"}	\\x00ff5c0a0d09
420	7	525.00	{a,"b c","d\te"}	{"g": 420, "s": "x\\ny"}	\\x00ff5c0a0d09
421	8	526.25	{a,"b c","d\te"}	{"g": 421, "s": "x\\ny"}	\\x00ff5c0a0d09
422	9	527.50	{a,"b c","d\te"}	{"g": 422, "s": "x\\ny"}	\\x00ff5c0a0d09
423	10	528.75	{a,"b c","d\te"}	{"g": 423, "s": "x\\ny"}	\\x00ff5c0a0d09
424	11	530.00	{a,"b c","d\te"}	{"g": 424, "s": "x\\ny"}	\\x00ff5c0a0d09
425	12	531.25	{a,"b c","d\te"}	{"g": 425, "s": "x\\ny"}	\\x00ff5c0a0d09
426	13	532.50	{a,"b c","d\te"}	{"g": 426, "s": "x\\ny"}	\\x00ff5c0a0d09
427	14	533.75	{a,"b c","d\te"}	{"g": 427, "s": "x\\ny"}	\\x00ff5c0a0d09
428	15	535.00	{a,"b c","d\te"}	{"g": 428, "s": "x\\ny"}	\\x00ff5c0a0d09
429	16	536.25	{a,"b c","d\te"}	{"g": 429, "s": "x\\ny"}	\\x00ff5c0a0d09
430	17	537.50	{a,"b c","d\te"}	{"g": 430, "s": "x\\ny"}	\\x00ff5c0a0d09
431	18	538.75	{a,"b c","d\te"}	{"g": 431, "s": "x\\ny"}	\\x00ff5c0a0d09
432	19	540.00	{a,"b c","d\te"}	{"g": 432, "s": "x\\ny"}	\\x00ff5c0a0d09
433	20	541.25	{a,"b c","d\te"}	{"g": 433, "s": "x\\ny"}	\\x00ff5c0a0d09
434	21	542.50	{a,"b c","d\te"}	{"g": 434, "s": "x\\ny"}	\\x00ff5c0a0d09
435	22	543.75	{a,"b c","d\te"}	{"g": 435, "s": "x\\ny"}	\\x00ff5c0a0d09
436	23	545.00	{a,"b c","d\te"}	{"g": 436, "s": "x\\ny"}	\\x00ff5c0a0d09
437	24	546.25	{a,"b c","d\te"}	{"g": 437, "s": "x\\ny"}	\\x00ff5c0a0d09
438	25	547.50	{a,"b c","d\te"}	{"g": 438, "s": "x\\ny"}	\\x00ff5c0a0d09
439	26	548.75	{a,"b c","d\te"}	{"g": 439, "s": "x\\ny"}	\\x00ff5c0a0d09
440	27	550.00	{a,"b c","d\te"}	{"g": 440, "s": "x\\ny"}	\\x00ff5c0a0d09
441	28	551.25	{a,"b c","d\te"}	{"g": 441, "s": "x\\ny"}	\\x00ff5c0a0d09
442	29	552.50	{a,"b c","d\te"}	{"g": 442, "s": "x\\ny"}	\\x00ff5c0a0d09
443	30	553.75	{a,"b c","d\te"}	{"g": 443, "s": "x\\ny"}	\\x00ff5c0a0d09
444	31	555.00	{a,"b c","d\te"}	{"g": 444, "s": "x\\ny"}	\\x00ff5c0a0d09
445	32	556.25	{a,"b c","d\te"}	{"g": 445, "s": "x\\ny"}	\\x00ff5c0a0d09
446	33	557.50	{a,"b c","d\te"}	{"g": 446, "s": "x\\ny"}	\\x00ff5c0a0d09
447	34	558.75	{a,"b c","d\te"}	{"g": 447, "s": "x\\ny"}	\\x00ff5c0a0d09
448	35	560.00	{a,"b c","d\te"}	{"g": 448, "s": "x\\ny"}	\\x00ff5c0a0d09
449	36	561.25	{a,"b c","d\te"}	{"g": 449, "s": "x\\ny"}	\\x00ff5c0a0d09
450	37	562.50	{a,"b c","d\te"}	{"g": 450, "s": "x\\ny"}	\\x00ff5c0a0d09
451	38	563.75	{a,"b c","d\te"}	{"g": 451, "s": "x\\ny"}	\\x00ff5c0a0d09
452	39	565.00	{a,"b c","d\te"}	{"g": 452, "s": "x\\ny"}	\\x00ff5c0a0d09
453	40	566.25	{a,"b c","d\te"}	{"g": 453, "s": "x\\ny"}	\\x00ff5c0a0d09
454	41	567.50	{a,"b c","d\te"}	{"g": 454, "s": "x\\ny"}	\\x00ff5c0a0d09
455	42	568.75	{a,"b c","d\te"}	{"g": 455, "s": "x\\ny"}	\\x00ff5c0a0d09
456	43	570.00	{a,"b c","d\te"}	{"g": 456, "s": "x\\ny"}	\\x00ff5c0a0d09
457	44	571.25	{a,"b c","d\te"}	{"g": 457, "s": "x\\ny"}	\\x00ff5c0a0d09
458	45	572.50	{a,"b c","d\te"}	{"g": 458, "s": "x\\ny"}	\\x00ff5c0a0d09
459	46	573.75	{a,"b c","d\te"}	{"g": 459, "s": "x\\ny"}	\\x00ff5c0a0d09
460	47	575.00	{a,"b c","d\te"}	{"g": 460, "s": "x\\ny"}	\\x00ff5c0a0d09
461	48	576.25	{a,"b c","d\te"}	{"g": 461, "s": "x\\ny"}	\\x00ff5c0a0d09
462	49	577.50	{a,"b c","d\te"}	{"g": 462, "s": "x\\ny"}	\\x00ff5c0a0d09
463	50	578.75	{a,"b c","d\te"}	{"g": 463, "s": "x\\ny"}	\\x00ff5c0a0d09
464	51	580.00	{a,"b c","d\te"}	{"g": 464, "s": "x\\ny"}	\\x00ff5c0a0d09
465	52	581.25	{a,"b c","d\te"}	{"g": 465, "s": "x\\ny"}	\\x00ff5c0a0d09
466	53	582.50	{a,"b c","d\te"}	{"g": 466, "s": "x\\ny"}	\\x00ff5c0a0d09
467	54	583.75	{a,"b c","d\te"}	{"g": 467, "s": "x\\ny"}	\\x00ff5c0a0d09
468	55	585.00	{a,"b c","d\te"}	{"g": 468, "s": "x\\ny"}	\\x00ff5c0a0d09
469	56	586.25	{a,"b c","d\te"}	{"g": 469, "s": "x\\ny"}	\\x00ff5c0a0d09
470	57	587.50	{a,"b c","d\te"}	{"g": 470, "s": "x\\ny"}	\\x00ff5c0a0d09
471	58	588.75	{a,"b c","d\te"}	{"g": 471, "s": "x\\ny"}	\\x00ff5c0a0d09
472	59	590.00	{a,"b c","d\te"}	{"g": 472, "s": "x\\ny"}	\\x00ff5c0a0d09
473	60	591.25	{a,"b c","d\te"}	{"g": 473, "s": "x\\ny"}	\\x00ff5c0a0d09
474	61	592.50	{a,"b c","d\te"}	{"g": 474, "s": "x\\ny"}	\\x00ff5c0a0d09
475	62	593.75	{a,"b c","d\te"}	{"g": 475, "s": "x\\ny"}	\\x00ff5c0a0d09
476	63	595.00	{a,"b c","d\te"}	{"g": 476, "s": "x\\ny"}	\\x00ff5c0a0d09
477	64	596.25	{a,"b c","d\te"}	{"g": 477, "s": "x\\ny"}	\\x00ff5c0a0d09
478	65	597.50	{a,"b c","d\te"}	{"g": 478, "s": "x\\ny"}	\\x00ff5c0a0d09
479	66	598.75	{a,"b c","d\te"}	{"g": 479, "s": "x\\ny"}	\\x00ff5c0a0d09
480	67	600.00	{a,"b c","d\te"}	{"g": 480, "s": "x\\ny"}	\\x00ff5c0a0d09
481	68	601.25	{a,"b c","d\te"}	{"g": 481, "s": "x\\ny"}	\\x00ff5c0a0d09
482	69	602.50	{a,"b c","d\te"}	{"g": 482, "s": "x\\ny"}	\\x00ff5c0a0d09
483	70	603.75	{a,"b c","d\te"}	{"g": 483, "s": "x\\ny"}	\\x00ff5c0a0d09
484	71	605.00	{a,"b c","d\te"}	{"g": 484, "s": "x\\ny"}	\\x00ff5c0a0d09
485	72	606.25	{a,"b c","d\te"}	{"g": 485, "s": "x\\ny"}	\\x00ff5c0a0d09
486	73	607.50	{a,"b c","d\te"}	{"g": 486, "s": "x\\ny"}	\\x00ff5c0a0d09
487	74	608.75	{a,"b c","d\te"}	{"g": 487, "s": "x\\ny"}	\\x00ff5c0a0d09
488	75	610.00	{a,"b c","d\te"}	{"g": 488, "s": "x\\ny"}	\\x00ff5c0a0d09
489	76	611.25	{a,"b c","d\te"}	{"g": 489, "s": "x\\ny"}	\\x00ff5c0a0d09
490	77	612.50	{a,"b c","d\te"}	{"g": 490, "s": "x\\ny"}	\\x00ff5c0a0d09
491	78	613.75	{a,"b c","d\te"}	{"g": 491, "s": "x\\ny"}	\\x00ff5c0a0d09
492	79	615.00	{a,"b c","d\te"}	{"g": 492, "s": "x\\ny"}	\\x00ff5c0a0d09
493	80	616.25	{a,"b c","d\te"}	{"g": 493, "s": "x\\ny"}	\\x00ff5c0a0d09
494	81	617.50	{a,"b c","d\te"}	{"g": 494, "s": "x\\ny"}	\\x00ff5c0a0d09
495	82	618.75	{a,"b c","d\te"}	{"g": 495, "s": "x\\ny"}	\\x00ff5c0a0d09
496	83	620.00	{a,"b c","d\te"}	{"g": 496, "s": "x\\ny"}	\\x00ff5c0a0d09
497	84	621.25	{a,"b c","d\te"}	{"g": 497, "s": "x\\ny"}	\\x00ff5c0a0d09
498	85	622.50	{a,"b c","d\te"}	{"g": 498, "s": "x\\ny"}	\\x00ff5c0a0d09
499	86	623.75	{a,"b c","d\te"}	{"g": 499, "s": "x\\ny"}	\\x00ff5c0a0d09
500	87	625.00	{a,"b c","d\te"}	{"g": 500, "s": "x\\ny"}	\\x00ff5c0a0d09
\.


--
-- Name: customers_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.customers_id_seq', 207, true);


--
-- Name: orders_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.orders_id_seq', 500, true);


--
-- Name: Invoice Lines Invoice Lines_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing."Invoice Lines"
    ADD CONSTRAINT "Invoice Lines_pkey" PRIMARY KEY (id);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: empty_table empty_table_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.empty_table
    ADD CONSTRAINT empty_table_pkey PRIMARY KEY (id);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: orders_customer_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_customer_idx ON public.orders USING btree (customer_id);


--
-- Name: customers customers_touch; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER customers_touch BEFORE INSERT ON public.customers FOR EACH ROW EXECUTE FUNCTION public.touch_note();


--
-- Name: orders orders_customer_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);


--
-- PostgreSQL database dump complete
--

\unrestrict T5kKvUykFjqZL7fUHsm8ey9mXfx324pDf2hvBEN7ffHvVBhDbts4YAJCMO3pe7t

