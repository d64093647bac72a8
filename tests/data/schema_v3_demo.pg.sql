




CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;



CREATE FUNCTION public.huitoukan_search_grams(t text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
DECLARE
  grams text[] := '{}';
  prev text := '';
  c text;
BEGIN
  FOREACH c IN ARRAY regexp_split_to_array(t, '') LOOP
    IF c = E'\n' THEN
      prev := '';
      CONTINUE;
    END IF;
    grams := array_append(grams, c);
    IF prev <> '' THEN
      grams := array_append(grams, prev || c);
    END IF;
    prev := c;
  END LOOP;
  RETURN grams;
END $$;





CREATE TABLE public.audit_entry (
    id integer NOT NULL,
    at timestamp without time zone NOT NULL,
    actor character varying(64) NOT NULL COLLATE pg_catalog."C",
    entity character varying(32) NOT NULL COLLATE pg_catalog."C",
    entity_id integer NOT NULL,
    case_no character varying(64) NOT NULL COLLATE pg_catalog."C",
    action character varying(16) NOT NULL COLLATE pg_catalog."C",
    field character varying(64) NOT NULL COLLATE pg_catalog."C",
    before text NOT NULL COLLATE pg_catalog."C",
    after text NOT NULL COLLATE pg_catalog."C",
    version integer NOT NULL
);



CREATE SEQUENCE public.audit_entry_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.audit_entry_id_seq OWNED BY public.audit_entry.id;



CREATE TABLE public.campaign (
    id integer NOT NULL,
    name character varying(200) NOT NULL COLLATE pg_catalog."C",
    district character varying(50) NOT NULL COLLATE pg_catalog."C",
    street character varying(50) NOT NULL COLLATE pg_catalog."C",
    station character varying(100) NOT NULL COLLATE pg_catalog."C",
    contact character varying(50) NOT NULL COLLATE pg_catalog."C",
    start_on date NOT NULL,
    end_on date NOT NULL,
    report_weekday integer NOT NULL,
    final_due_on date NOT NULL,
    title_problems character varying(200) NOT NULL COLLATE pg_catalog."C",
    title_progress character varying(200) NOT NULL COLLATE pg_catalog."C",
    title_ledger character varying(200) NOT NULL COLLATE pg_catalog."C"
);



CREATE SEQUENCE public.campaign_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.campaign_id_seq OWNED BY public.campaign.id;



CREATE TABLE public.draft (
    id integer NOT NULL,
    login character varying(64) NOT NULL COLLATE pg_catalog."C",
    form_key character varying(128) NOT NULL COLLATE pg_catalog."C",
    data text NOT NULL COLLATE pg_catalog."C",
    saved_at timestamp without time zone NOT NULL
);



CREATE SEQUENCE public.draft_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.draft_id_seq OWNED BY public.draft.id;



CREATE TABLE public.inspection (
    id integer NOT NULL,
    case_id integer NOT NULL,
    inspected_on date NOT NULL,
    inspectors character varying(200) NOT NULL COLLATE pg_catalog."C",
    handled boolean NOT NULL,
    rebound boolean NOT NULL,
    satisfaction character varying(16) NOT NULL COLLATE pg_catalog."C",
    findings text NOT NULL COLLATE pg_catalog."C",
    created_by character varying(64) NOT NULL COLLATE pg_catalog."C",
    created_at timestamp without time zone NOT NULL,
    version integer NOT NULL
);



CREATE SEQUENCE public.inspection_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.inspection_id_seq OWNED BY public.inspection.id;



CREATE TABLE public.measure (
    id integer NOT NULL,
    rectification_id integer NOT NULL,
    "position" integer NOT NULL,
    content text NOT NULL COLLATE pg_catalog."C",
    milestones text NOT NULL COLLATE pg_catalog."C"
);



CREATE SEQUENCE public.measure_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.measure_id_seq OWNED BY public.measure.id;



CREATE TABLE public.meta (
    key character varying(64) NOT NULL COLLATE pg_catalog."C",
    value text NOT NULL COLLATE pg_catalog."C"
);



CREATE TABLE public.petition_case (
    id integer NOT NULL,
    case_no character varying(64) NOT NULL COLLATE pg_catalog."C",
    channel character varying(24) NOT NULL COLLATE pg_catalog."C",
    received_on date NOT NULL,
    unit_id integer NOT NULL,
    petitioner character varying(50) NOT NULL COLLATE pg_catalog."C",
    phone character varying(40) NOT NULL COLLATE pg_catalog."C",
    target character varying(200) NOT NULL COLLATE pg_catalog."C",
    location character varying(200) NOT NULL COLLATE pg_catalog."C",
    category character varying(50) NOT NULL COLLATE pg_catalog."C",
    content text NOT NULL COLLATE pg_catalog."C",
    original_handling text NOT NULL COLLATE pg_catalog."C",
    status character varying(16) NOT NULL COLLATE pg_catalog."C",
    first_verified_on date,
    next_deadline date,
    referred boolean NOT NULL,
    search_text text NOT NULL COLLATE pg_catalog."C",
    version integer NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    updated_by character varying(64) NOT NULL COLLATE pg_catalog."C"
);



CREATE SEQUENCE public.petition_case_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.petition_case_id_seq OWNED BY public.petition_case.id;



CREATE TABLE public.rectification (
    id integer NOT NULL,
    case_id integer NOT NULL,
    inspection_id integer,
    kind character varying(16) NOT NULL COLLATE pg_catalog."C",
    problem_type character varying(50) NOT NULL COLLATE pg_catalog."C",
    original_problem text NOT NULL COLLATE pg_catalog."C",
    new_problem text NOT NULL COLLATE pg_catalog."C",
    target_standard text NOT NULL COLLATE pg_catalog."C",
    implementer character varying(100) NOT NULL COLLATE pg_catalog."C",
    acceptor character varying(100) NOT NULL COLLATE pg_catalog."C",
    deadline date,
    opened_on date NOT NULL,
    status character varying(16) NOT NULL COLLATE pg_catalog."C",
    reported_on date,
    accepted_on date,
    accepted_by character varying(100) NOT NULL COLLATE pg_catalog."C",
    referred_on date,
    referral_reason text NOT NULL COLLATE pg_catalog."C",
    note text NOT NULL COLLATE pg_catalog."C",
    version integer NOT NULL,
    created_by character varying(64) NOT NULL COLLATE pg_catalog."C",
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    updated_by character varying(64) NOT NULL COLLATE pg_catalog."C"
);



CREATE SEQUENCE public.rectification_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.rectification_id_seq OWNED BY public.rectification.id;



CREATE TABLE public.report_snapshot (
    id integer NOT NULL,
    week_end date NOT NULL,
    unit_id integer,
    data text NOT NULL COLLATE pg_catalog."C",
    submitted_by character varying(64) NOT NULL COLLATE pg_catalog."C",
    submitted_at timestamp without time zone NOT NULL
);



CREATE SEQUENCE public.report_snapshot_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.report_snapshot_id_seq OWNED BY public.report_snapshot.id;



CREATE TABLE public.unit (
    id integer NOT NULL,
    name character varying(50) NOT NULL COLLATE pg_catalog."C",
    kind character varying(16) NOT NULL COLLATE pg_catalog."C",
    "position" integer NOT NULL,
    active boolean NOT NULL
);



CREATE SEQUENCE public.unit_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.unit_id_seq OWNED BY public.unit.id;



CREATE TABLE public."user" (
    id integer NOT NULL,
    login character varying(64) NOT NULL COLLATE pg_catalog."C",
    display_name character varying(50) NOT NULL COLLATE pg_catalog."C",
    unit_id integer,
    role character varying(16) NOT NULL COLLATE pg_catalog."C",
    active boolean NOT NULL,
    created_at timestamp without time zone NOT NULL
);



CREATE SEQUENCE public.user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.user_id_seq OWNED BY public."user".id;



CREATE TABLE public.week_remark (
    id integer NOT NULL,
    unit_id integer NOT NULL,
    week_end date NOT NULL,
    text text NOT NULL COLLATE pg_catalog."C",
    version integer NOT NULL,
    updated_by character varying(64) NOT NULL COLLATE pg_catalog."C",
    updated_at timestamp without time zone NOT NULL
);



CREATE SEQUENCE public.week_remark_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.week_remark_id_seq OWNED BY public.week_remark.id;



ALTER TABLE ONLY public.audit_entry ALTER COLUMN id SET DEFAULT nextval('public.audit_entry_id_seq'::regclass);



ALTER TABLE ONLY public.campaign ALTER COLUMN id SET DEFAULT nextval('public.campaign_id_seq'::regclass);



ALTER TABLE ONLY public.draft ALTER COLUMN id SET DEFAULT nextval('public.draft_id_seq'::regclass);



ALTER TABLE ONLY public.inspection ALTER COLUMN id SET DEFAULT nextval('public.inspection_id_seq'::regclass);



ALTER TABLE ONLY public.measure ALTER COLUMN id SET DEFAULT nextval('public.measure_id_seq'::regclass);



ALTER TABLE ONLY public.petition_case ALTER COLUMN id SET DEFAULT nextval('public.petition_case_id_seq'::regclass);



ALTER TABLE ONLY public.rectification ALTER COLUMN id SET DEFAULT nextval('public.rectification_id_seq'::regclass);



ALTER TABLE ONLY public.report_snapshot ALTER COLUMN id SET DEFAULT nextval('public.report_snapshot_id_seq'::regclass);



ALTER TABLE ONLY public.unit ALTER COLUMN id SET DEFAULT nextval('public.unit_id_seq'::regclass);



ALTER TABLE ONLY public."user" ALTER COLUMN id SET DEFAULT nextval('public.user_id_seq'::regclass);



ALTER TABLE ONLY public.week_remark ALTER COLUMN id SET DEFAULT nextval('public.week_remark_id_seq'::regclass);



INSERT INTO public.audit_entry VALUES (1, '2026-12-02 00:04:48', 'wangzx', 'case', 1, 'LS-2021-001', 'create', '', '', '{"case_no": "LS-2021-001", "channel": "phone", "received_on": "2021-06-28", "petitioner": "匿名", "phone": "18125655356", "target": "池州市鑫源混凝土有限公司", "location": "七星村工业集中区", "category": "扬尘", "content": "搅拌站运输车辆带泥上路，道路扬尘污染。", "original_handling": "责令完善车辆冲洗设施，对进出道路定时洒水保洁。", "unit": "七星村"}', 1);
INSERT INTO public.audit_entry VALUES (2, '2026-12-02 00:04:48', 'wangzx', 'case', 2, 'LS-2021-002', 'create', '', '', '{"case_no": "LS-2021-002", "channel": "phone", "received_on": "2021-08-01", "petitioner": "杨女士", "phone": "15633030485", "target": "七星村木材加工点", "location": "七星村枫树组", "category": "噪声", "content": "木材加工设备噪声大，早晚作业影响周边居民。", "original_handling": "限定作业时间为早8时至晚6时，设备加装减振垫。", "unit": "七星村"}', 1);
INSERT INTO public.audit_entry VALUES (3, '2026-12-02 00:04:48', 'wangzx', 'case', 3, 'LS-2021-003', 'create', '', '', '{"case_no": "LS-2021-003", "channel": "hotline12345", "received_on": "2021-10-19", "petitioner": "匿名", "phone": "13593375235", "target": "里山镇永兴砂石堆场", "location": "杨山村河沿组", "category": "扬尘", "content": "砂石堆场未覆盖，大风天气扬尘严重，附近农户晾晒衣物落满灰尘。", "original_handling": "督促堆场全部覆盖防尘网，配备雾炮机，进出车辆冲洗。", "unit": "杨山村"}', 1);
INSERT INTO public.audit_entry VALUES (4, '2026-12-02 00:04:48', 'wangzx', 'case', 4, 'LS-2021-004', 'create', '', '', '{"case_no": "LS-2021-004", "channel": "online", "received_on": "2021-09-10", "petitioner": "王先生", "phone": "17695572253", "target": "杨山村李某某", "location": "杨山村后山组", "category": "焚烧", "content": "村民在田间焚烧秸秆和生活垃圾，烟雾弥漫。", "original_handling": "对当事人进行批评教育，现场扑灭，加强禁烧巡查。", "unit": "杨山村"}', 1);
INSERT INTO public.audit_entry VALUES (5, '2026-12-02 00:04:48', 'wangzx', 'case', 5, 'LS-2021-005', 'create', '', '', '{"case_no": "LS-2021-005", "channel": "phone", "received_on": "2021-10-25", "petitioner": "李女士", "phone": "13202735313", "target": "杨山村王某某养鸭场", "location": "杨山村塘口组", "category": "异味", "content": "养鸭场臭味大，鸭粪堆放在路边。", "original_handling": "督促养殖户清理鸭粪，建设堆粪棚，控制养殖规模。", "unit": "街道农业农村办"}', 1);
INSERT INTO public.audit_entry VALUES (6, '2026-12-02 00:04:48', 'wangzx', 'case', 6, 'LS-2021-006', 'create', '', '', '{"case_no": "LS-2021-006", "channel": "servicehotline", "received_on": "2021-05-26", "petitioner": "刘女士", "phone": "18947866314", "target": "桃坡村张某某生猪养殖场", "location": "桃坡村下湾组", "category": "废水", "content": "养殖废水未经处理直排水塘，水体发黑发臭。", "original_handling": "责令停止直排，建设三级沉淀池和干湿分离设施，粪污资源化利用。", "unit": "街道农业农村办"}', 1);
INSERT INTO public.audit_entry VALUES (7, '2026-12-02 00:04:48', 'wangzx', 'case', 7, 'LS-2021-007', 'create', '', '', '{"case_no": "LS-2021-007", "channel": "hotline12345", "received_on": "2021-06-04", "petitioner": "陈先生", "phone": "15948173362", "target": "里山街道某建筑工地", "location": "里山社区学府路", "category": "噪声", "content": "工地夜间施工噪声扰民，渣土车夜间进出。", "original_handling": "责令施工单位办理夜间施工许可，未经许可夜间停止施工。", "unit": "街道城建办"}', 1);
INSERT INTO public.audit_entry VALUES (8, '2026-12-02 00:04:48', 'wangzx', 'case', 8, 'LS-2021-008', 'create', '', '', '{"case_no": "LS-2021-008", "channel": "peopledaily", "received_on": "2021-09-21", "petitioner": "刘女士", "phone": "17509861130", "target": "里山社区“小辣椒”餐馆", "location": "里山社区学府路", "category": "油烟", "content": "餐馆排烟口正对居民窗户，油烟和噪声扰民。", "original_handling": "督促餐馆改造排烟管道至楼顶高空排放，更换低噪声风机。", "unit": "里山社区"}', 1);
INSERT INTO public.audit_entry VALUES (9, '2026-12-02 00:04:48', 'wangzx', 'case', 9, 'LS-2021-009', 'create', '', '', '{"case_no": "LS-2021-009", "channel": "phone", "received_on": "2021-09-23", "petitioner": "王先生", "phone": "15918237922", "target": "新河路“好再来”烧烤店", "location": "新河社区新河路", "category": "油烟", "content": "烧烤店油烟未经净化直排，油烟味呛人，楼上住户无法开窗。", "original_handling": "督促安装油烟净化器并定期清洗，取缔店外露天烧烤。", "unit": "新河社区"}', 1);
INSERT INTO public.audit_entry VALUES (10, '2026-12-02 00:04:48', 'wangzx', 'case', 10, 'LS-2021-010', 'create', '', '', '{"case_no": "LS-2021-010", "channel": "phone", "received_on": "2021-02-14", "petitioner": "王先生", "phone": "13989091828", "target": "桃坡村汽车维修店", "location": "桃坡村集镇", "category": "危废", "content": "维修店废机油随意倾倒，地面油污严重。", "original_handling": "责令规范收集废机油并交有资质单位处置，建立危废台账。", "unit": "桃坡村"}', 1);
INSERT INTO public.audit_entry VALUES (11, '2026-12-02 00:04:48', 'wangzx', 'case', 11, 'LS-2021-011', 'create', '', '', '{"case_no": "LS-2021-011", "channel": "servicehotline", "received_on": "2021-06-11", "petitioner": "张先生", "phone": "13402019939", "target": "桃坡村砖瓦厂旧址", "location": "桃坡村上湾组", "category": "固废", "content": "废弃厂区堆放建筑垃圾，雨天污水流入农田。", "original_handling": "组织清运建筑垃圾，对场地进行平整复绿。", "unit": "桃坡村"}', 1);
INSERT INTO public.audit_entry VALUES (12, '2026-12-02 00:04:48', 'wangzx', 'case', 12, 'LS-2021-012', 'create', '', '', '{"case_no": "LS-2021-012", "channel": "phone", "received_on": "2021-04-17", "petitioner": "刘女士", "phone": "18275477369", "target": "里山社区农贸市场", "location": "里山社区中心街", "category": "垃圾", "content": "市场垃圾清运不及时，夏季异味大，污水横流。", "original_handling": "增加垃圾清运频次为每日两次，市场内设置污水收集沟。", "unit": "里山社区"}', 1);
INSERT INTO public.audit_entry VALUES (13, '2026-12-02 00:04:48', 'wangzx', 'case', 13, 'LS-2022-013', 'create', '', '', '{"case_no": "LS-2022-013", "channel": "online", "received_on": "2022-08-18", "petitioner": "匿名", "phone": "15324632570", "target": "新河社区洗车点", "location": "新河社区滨河路", "category": "废水", "content": "洗车废水直接排入雨水管网，流入河道。", "original_handling": "督促建设沉淀隔油池，废水经处理后排入污水管网。", "unit": "新河社区"}', 1);
INSERT INTO public.audit_entry VALUES (14, '2026-12-02 00:04:48', 'wangzx', 'case', 14, 'LS-2022-014', 'create', '', '', '{"case_no": "LS-2022-014", "channel": "servicehotline", "received_on": "2022-03-03", "petitioner": "杨女士", "phone": "13386039787", "target": "池州市恒达石材加工厂", "location": "七星村石门组", "category": "噪声", "content": "石材切割机夜间作业，噪声扰民，影响附近居民休息。", "original_handling": "责令企业调整作业时间，夜间22时后停止切割作业，安装隔音棚。", "unit": "七星村"}', 1);
INSERT INTO public.audit_entry VALUES (15, '2026-12-02 00:04:48', 'wangzx', 'case', 15, 'LS-2022-015', 'create', '', '', '{"case_no": "LS-2022-015", "channel": "phone", "received_on": "2022-10-08", "petitioner": "张先生", "phone": "18508584239", "target": "池州市鑫源混凝土有限公司", "location": "七星村工业集中区", "category": "扬尘", "content": "搅拌站运输车辆带泥上路，道路扬尘污染。", "original_handling": "责令完善车辆冲洗设施，对进出道路定时洒水保洁。", "unit": "七星村"}', 1);
INSERT INTO public.audit_entry VALUES (60, '2026-12-02 00:04:49', 'wangzx', 'rectification', 4, 'LS-2021-008', 'create', '', '', '{"kind": "新发现", "new_problem": "危险废物暂存间未设置防渗和标识"}', 1);
INSERT INTO public.audit_entry VALUES (16, '2026-12-02 00:04:48', 'wangzx', 'case', 16, 'LS-2022-016', 'create', '', '', '{"case_no": "LS-2022-016", "channel": "servicehotline", "received_on": "2022-02-25", "petitioner": "匿名", "phone": "13220544725", "target": "七星村木材加工点", "location": "七星村枫树组", "category": "噪声", "content": "木材加工设备噪声大，早晚作业影响周边居民。", "original_handling": "限定作业时间为早8时至晚6时，设备加装减振垫。", "unit": "七星村"}', 1);
INSERT INTO public.audit_entry VALUES (17, '2026-12-02 00:04:48', 'wangzx', 'case', 17, 'LS-2022-017', 'create', '', '', '{"case_no": "LS-2022-017", "channel": "online", "received_on": "2022-08-27", "petitioner": "匿名", "phone": "18952011562", "target": "里山镇永兴砂石堆场", "location": "杨山村河沿组", "category": "扬尘", "content": "砂石堆场未覆盖，大风天气扬尘严重，附近农户晾晒衣物落满灰尘。", "original_handling": "督促堆场全部覆盖防尘网，配备雾炮机，进出车辆冲洗。", "unit": "杨山村"}', 1);
INSERT INTO public.audit_entry VALUES (18, '2026-12-02 00:04:48', 'wangzx', 'case', 18, 'LS-2022-018', 'create', '', '', '{"case_no": "LS-2022-018", "channel": "servicehotline", "received_on": "2022-09-16", "petitioner": "李女士", "phone": "13604315892", "target": "杨山村李某某", "location": "杨山村后山组", "category": "焚烧", "content": "村民在田间焚烧秸秆和生活垃圾，烟雾弥漫。", "original_handling": "对当事人进行批评教育，现场扑灭，加强禁烧巡查。", "unit": "杨山村"}', 1);
INSERT INTO public.audit_entry VALUES (19, '2026-12-02 00:04:48', 'wangzx', 'case', 19, 'LS-2022-019', 'create', '', '', '{"case_no": "LS-2022-019", "channel": "servicehotline", "received_on": "2022-04-19", "petitioner": "李女士", "phone": "18194682308", "target": "杨山村王某某养鸭场", "location": "杨山村塘口组", "category": "异味", "content": "养鸭场臭味大，鸭粪堆放在路边。", "original_handling": "督促养殖户清理鸭粪，建设堆粪棚，控制养殖规模。", "unit": "街道农业农村办"}', 1);
INSERT INTO public.audit_entry VALUES (20, '2026-12-02 00:04:48', 'wangzx', 'case', 20, 'LS-2022-020', 'create', '', '', '{"case_no": "LS-2022-020", "channel": "online", "received_on": "2022-03-05", "petitioner": "刘女士", "phone": "18896792384", "target": "桃坡村张某某生猪养殖场", "location": "桃坡村下湾组", "category": "废水", "content": "养殖废水未经处理直排水塘，水体发黑发臭。", "original_handling": "责令停止直排，建设三级沉淀池和干湿分离设施，粪污资源化利用。", "unit": "街道农业农村办"}', 1);
INSERT INTO public.audit_entry VALUES (21, '2026-12-02 00:04:48', 'wangzx', 'case', 21, 'LS-2022-021', 'create', '', '', '{"case_no": "LS-2022-021", "channel": "visit", "received_on": "2022-05-22", "petitioner": "杨女士", "phone": "18166458833", "target": "里山街道某建筑工地", "location": "里山社区学府路", "category": "噪声", "content": "工地夜间施工噪声扰民，渣土车夜间进出。", "original_handling": "责令施工单位办理夜间施工许可，未经许可夜间停止施工。", "unit": "街道城建办"}', 1);
INSERT INTO public.audit_entry VALUES (22, '2026-12-02 00:04:48', 'wangzx', 'case', 22, 'LS-2022-022', 'create', '', '', '{"case_no": "LS-2022-022", "channel": "phone", "received_on": "2022-07-03", "petitioner": "刘女士", "phone": "18794437804", "target": "里山社区“小辣椒”餐馆", "location": "里山社区学府路", "category": "油烟", "content": "餐馆排烟口正对居民窗户，油烟和噪声扰民。", "original_handling": "督促餐馆改造排烟管道至楼顶高空排放，更换低噪声风机。", "unit": "里山社区"}', 1);
INSERT INTO public.audit_entry VALUES (23, '2026-12-02 00:04:48', 'wangzx', 'case', 23, 'LS-2022-023', 'create', '', '', '{"case_no": "LS-2022-023", "channel": "online", "received_on": "2022-07-14", "petitioner": "刘女士", "phone": "17682548218", "target": "新河路“好再来”烧烤店", "location": "新河社区新河路", "category": "油烟", "content": "烧烤店油烟未经净化直排，油烟味呛人，楼上住户无法开窗。", "original_handling": "督促安装油烟净化器并定期清洗，取缔店外露天烧烤。", "unit": "新河社区"}', 1);
INSERT INTO public.audit_entry VALUES (24, '2026-12-02 00:04:48', 'wangzx', 'case', 24, 'LS-2023-024', 'create', '', '', '{"case_no": "LS-2023-024", "channel": "phone", "received_on": "2023-04-23", "petitioner": "周先生", "phone": "17438642750", "target": "桃坡村汽车维修店", "location": "桃坡村集镇", "category": "危废", "content": "维修店废机油随意倾倒，地面油污严重。", "original_handling": "责令规范收集废机油并交有资质单位处置，建立危废台账。", "unit": "桃坡村"}', 1);
INSERT INTO public.audit_entry VALUES (25, '2026-12-02 00:04:48', 'wangzx', 'case', 25, 'LS-2023-025', 'create', '', '', '{"case_no": "LS-2023-025", "channel": "servicehotline", "received_on": "2023-11-02", "petitioner": "匿名", "phone": "13216953194", "target": "桃坡村砖瓦厂旧址", "location": "桃坡村上湾组", "category": "固废", "content": "废弃厂区堆放建筑垃圾，雨天污水流入农田。", "original_handling": "组织清运建筑垃圾，对场地进行平整复绿。", "unit": "桃坡村"}', 1);
INSERT INTO public.audit_entry VALUES (26, '2026-12-02 00:04:48', 'wangzx', 'case', 26, 'LS-2023-026', 'create', '', '', '{"case_no": "LS-2023-026", "channel": "letter", "received_on": "2023-01-17", "petitioner": "陈先生", "phone": "15623741711", "target": "里山社区农贸市场", "location": "里山社区中心街", "category": "垃圾", "content": "市场垃圾清运不及时，夏季异味大，污水横流。", "original_handling": "增加垃圾清运频次为每日两次，市场内设置污水收集沟。", "unit": "里山社区"}', 1);
INSERT INTO public.audit_entry VALUES (27, '2026-12-02 00:04:48', 'wangzx', 'case', 27, 'LS-2023-027', 'create', '', '', '{"case_no": "LS-2023-027", "channel": "servicehotline", "received_on": "2023-10-31", "petitioner": "陈先生", "phone": "15691393242", "target": "新河社区洗车点", "location": "新河社区滨河路", "category": "废水", "content": "洗车废水直接排入雨水管网，流入河道。", "original_handling": "督促建设沉淀隔油池，废水经处理后排入污水管网。", "unit": "新河社区"}', 1);
INSERT INTO public.audit_entry VALUES (28, '2026-12-02 00:04:48', 'wangzx', 'case', 28, 'LS-2023-028', 'create', '', '', '{"case_no": "LS-2023-028", "channel": "online", "received_on": "2023-07-17", "petitioner": "李女士", "phone": "15565583094", "target": "池州市恒达石材加工厂", "location": "七星村石门组", "category": "噪声", "content": "石材切割机夜间作业，噪声扰民，影响附近居民休息。", "original_handling": "责令企业调整作业时间，夜间22时后停止切割作业，安装隔音棚。", "unit": "七星村"}', 1);
INSERT INTO public.audit_entry VALUES (29, '2026-12-02 00:04:48', 'wangzx', 'case', 29, 'LS-2023-029', 'create', '', '', '{"case_no": "LS-2023-029", "channel": "cyberoffice", "received_on": "2023-07-15", "petitioner": "王先生", "phone": "17284382683", "target": "池州市鑫源混凝土有限公司", "location": "七星村工业集中区", "category": "扬尘", "content": "搅拌站运输车辆带泥上路，道路扬尘污染。", "original_handling": "责令完善车辆冲洗设施，对进出道路定时洒水保洁。", "unit": "七星村"}', 1);
INSERT INTO public.audit_entry VALUES (30, '2026-12-02 00:04:48', 'wangzx', 'case', 30, 'LS-2023-030', 'create', '', '', '{"case_no": "LS-2023-030", "channel": "servicehotline", "received_on": "2023-03-06", "petitioner": "王先生", "phone": "15409168607", "target": "七星村木材加工点", "location": "七星村枫树组", "category": "噪声", "content": "木材加工设备噪声大，早晚作业影响周边居民。", "original_handling": "限定作业时间为早8时至晚6时，设备加装减振垫。", "unit": "七星村"}', 1);
INSERT INTO public.audit_entry VALUES (59, '2026-12-02 00:04:49', 'wangzx', 'inspection', 8, 'LS-2021-008', 'create', '', '', '{"inspected_on": "2024-03-27", "inspectors": "吴刚、郑丽", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "unsatisfied"}', 1);
INSERT INTO public.audit_entry VALUES (31, '2026-12-02 00:04:48', 'wangzx', 'case', 31, 'LS-2023-031', 'create', '', '', '{"case_no": "LS-2023-031", "channel": "phone", "received_on": "2023-03-21", "petitioner": "陈先生", "phone": "17754797804", "target": "里山镇永兴砂石堆场", "location": "杨山村河沿组", "category": "扬尘", "content": "砂石堆场未覆盖，大风天气扬尘严重，附近农户晾晒衣物落满灰尘。", "original_handling": "督促堆场全部覆盖防尘网，配备雾炮机，进出车辆冲洗。", "unit": "杨山村"}', 1);
INSERT INTO public.audit_entry VALUES (32, '2026-12-02 00:04:48', 'wangzx', 'case', 32, 'LS-2023-032', 'create', '', '', '{"case_no": "LS-2023-032", "channel": "online", "received_on": "2023-04-06", "petitioner": "匿名", "phone": "18587521884", "target": "杨山村李某某", "location": "杨山村后山组", "category": "焚烧", "content": "村民在田间焚烧秸秆和生活垃圾，烟雾弥漫。", "original_handling": "对当事人进行批评教育，现场扑灭，加强禁烧巡查。", "unit": "杨山村"}', 1);
INSERT INTO public.audit_entry VALUES (33, '2026-12-02 00:04:48', 'wangzx', 'case', 33, 'LS-2023-033', 'create', '', '', '{"case_no": "LS-2023-033", "channel": "hotline12345", "received_on": "2023-04-11", "petitioner": "王先生", "phone": "18759021604", "target": "杨山村王某某养鸭场", "location": "杨山村塘口组", "category": "异味", "content": "养鸭场臭味大，鸭粪堆放在路边。", "original_handling": "督促养殖户清理鸭粪，建设堆粪棚，控制养殖规模。", "unit": "街道农业农村办"}', 1);
INSERT INTO public.audit_entry VALUES (34, '2026-12-02 00:04:48', 'wangzx', 'case', 34, 'LS-2023-034', 'create', '', '', '{"case_no": "LS-2023-034", "channel": "servicehotline", "received_on": "2023-02-11", "petitioner": "李女士", "phone": "18738835847", "target": "桃坡村张某某生猪养殖场", "location": "桃坡村下湾组", "category": "废水", "content": "养殖废水未经处理直排水塘，水体发黑发臭。", "original_handling": "责令停止直排，建设三级沉淀池和干湿分离设施，粪污资源化利用。", "unit": "街道农业农村办"}', 1);
INSERT INTO public.audit_entry VALUES (35, '2026-12-02 00:04:48', 'wangzx', 'inspection', 1, 'LS-2021-001', 'create', '', '', '{"inspected_on": "2024-04-03", "inspectors": "陈静、杨帆", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "basically"}', 1);
INSERT INTO public.audit_entry VALUES (36, '2026-12-02 00:04:48', 'wangzx', 'inspection', 2, 'LS-2021-002', 'create', '', '', '{"inspected_on": "2024-04-02", "inspectors": "吴刚、郑丽", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (37, '2026-12-02 00:04:48', 'wangzx', 'inspection', 3, 'LS-2021-003', 'create', '', '', '{"inspected_on": "2024-04-01", "inspectors": "张伟、李娜", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "unsatisfied"}', 1);
INSERT INTO public.audit_entry VALUES (38, '2026-12-02 00:04:49', 'wangzx', 'inspection', 4, 'LS-2021-004', 'create', '', '', '{"inspected_on": "2024-03-31", "inspectors": "孙涛、王芳", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "unreachable"}', 1);
INSERT INTO public.audit_entry VALUES (39, '2026-12-02 00:04:49', 'wangzx', 'rectification', 1, 'LS-2021-004', 'create', '', '', '{"kind": "新发现", "new_problem": "雨污管网混接，生活污水经雨水口排入沟渠"}', 1);
INSERT INTO public.audit_entry VALUES (40, '2026-12-02 00:04:49', 'wangzx', 'rectification', 1, 'LS-2021-004', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (41, '2026-12-02 00:04:49', 'wangzx', 'rectification', 1, 'LS-2021-004', 'update', 'deadline', '', '2024-06-30', 2);
INSERT INTO public.audit_entry VALUES (42, '2026-12-02 00:04:49', 'wangzx', 'rectification', 1, 'LS-2021-004', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (43, '2026-12-02 00:04:49', 'wangzx', 'inspection', 5, 'LS-2021-005', 'create', '', '', '{"inspected_on": "2024-03-30", "inspectors": "王强、刘洋", "handled": "否", "rebound": "否", "findings": "现场查看，问题仍然存在，需继续整改。", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (44, '2026-12-02 00:04:49', 'wangzx', 'rectification', 2, 'LS-2021-005', 'create', '', '', '{"kind": "未整改到位", "new_problem": ""}', 1);
INSERT INTO public.audit_entry VALUES (45, '2026-12-02 00:04:49', 'wangzx', 'rectification', 2, 'LS-2021-005', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (46, '2026-12-02 00:04:49', 'wangzx', 'rectification', 2, 'LS-2021-005', 'update', 'deadline', '', '2024-06-30', 2);
INSERT INTO public.audit_entry VALUES (47, '2026-12-02 00:04:49', 'wangzx', 'rectification', 2, 'LS-2021-005', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (48, '2026-12-02 00:04:49', 'wangzx', 'rectification', 2, 'LS-2021-005', 'status', 'status', '整改中', '待验收', 3);
INSERT INTO public.audit_entry VALUES (49, '2026-12-02 00:04:49', 'wangzx', 'rectification', 2, 'LS-2021-005', 'status', 'reported_on', '', '2024-04-09', 3);
INSERT INTO public.audit_entry VALUES (50, '2026-12-02 00:04:49', 'wangzx', 'inspection', 6, 'LS-2021-006', 'create', '', '', '{"inspected_on": "2024-03-29", "inspectors": "孙涛、王芳", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "basically"}', 1);
INSERT INTO public.audit_entry VALUES (51, '2026-12-02 00:04:49', 'wangzx', 'inspection', 7, 'LS-2021-007', 'create', '', '', '{"inspected_on": "2024-03-28", "inspectors": "孙涛、王芳", "handled": "是", "rebound": "是", "findings": "现场查看，问题仍然存在，需继续整改。", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (52, '2026-12-02 00:04:49', 'wangzx', 'rectification', 3, 'LS-2021-007', 'create', '', '', '{"kind": "反弹", "new_problem": ""}', 1);
INSERT INTO public.audit_entry VALUES (53, '2026-12-02 00:04:49', 'wangzx', 'rectification', 3, 'LS-2021-007', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (54, '2026-12-02 00:04:49', 'wangzx', 'rectification', 3, 'LS-2021-007', 'update', 'deadline', '', '2024-06-30', 2);
INSERT INTO public.audit_entry VALUES (55, '2026-12-02 00:04:49', 'wangzx', 'rectification', 3, 'LS-2021-007', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (56, '2026-12-02 00:04:49', 'wangzx', 'rectification', 3, 'LS-2021-007', 'status', 'status', '整改中', '移交执法', 3);
INSERT INTO public.audit_entry VALUES (57, '2026-12-02 00:04:49', 'wangzx', 'rectification', 3, 'LS-2021-007', 'status', 'referred_on', '', '2024-04-09', 3);
INSERT INTO public.audit_entry VALUES (58, '2026-12-02 00:04:49', 'wangzx', 'rectification', 3, 'LS-2021-007', 'status', 'referral_reason', '', '经多次督促拒不整改，移交区生态环境综合执法大队', 3);
INSERT INTO public.audit_entry VALUES (61, '2026-12-02 00:04:49', 'wangzx', 'rectification', 4, 'LS-2021-008', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (62, '2026-12-02 00:04:49', 'wangzx', 'rectification', 4, 'LS-2021-008', 'update', 'deadline', '', '2024-06-30', 2);
INSERT INTO public.audit_entry VALUES (63, '2026-12-02 00:04:49', 'wangzx', 'rectification', 4, 'LS-2021-008', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (64, '2026-12-02 00:04:49', 'wangzx', 'inspection', 9, 'LS-2021-009', 'create', '', '', '{"inspected_on": "2024-03-26", "inspectors": "赵磊、周敏", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "unreachable"}', 1);
INSERT INTO public.audit_entry VALUES (65, '2026-12-02 00:04:49', 'wangzx', 'inspection', 10, 'LS-2021-010', 'create', '', '', '{"inspected_on": "2024-03-25", "inspectors": "孙涛、王芳", "handled": "否", "rebound": "否", "findings": "现场查看，问题仍然存在，需继续整改。", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (66, '2026-12-02 00:04:49', 'wangzx', 'rectification', 5, 'LS-2021-010', 'create', '', '', '{"kind": "未整改到位", "new_problem": ""}', 1);
INSERT INTO public.audit_entry VALUES (67, '2026-12-02 00:04:49', 'wangzx', 'rectification', 5, 'LS-2021-010', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (68, '2026-12-02 00:04:49', 'wangzx', 'rectification', 5, 'LS-2021-010', 'update', 'deadline', '', '2024-06-30', 2);
INSERT INTO public.audit_entry VALUES (69, '2026-12-02 00:04:49', 'wangzx', 'rectification', 5, 'LS-2021-010', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (70, '2026-12-02 00:04:49', 'wangzx', 'rectification', 5, 'LS-2021-010', 'status', 'status', '整改中', '待验收', 3);
INSERT INTO public.audit_entry VALUES (71, '2026-12-02 00:04:49', 'wangzx', 'rectification', 5, 'LS-2021-010', 'status', 'reported_on', '', '2024-04-04', 3);
INSERT INTO public.audit_entry VALUES (72, '2026-12-02 00:04:49', 'wangzx', 'rectification', 5, 'LS-2021-010', 'status', 'status', '待验收', '已销号', 4);
INSERT INTO public.audit_entry VALUES (73, '2026-12-02 00:04:49', 'wangzx', 'rectification', 5, 'LS-2021-010', 'status', 'accepted_on', '', '2024-04-08', 4);
INSERT INTO public.audit_entry VALUES (74, '2026-12-02 00:04:49', 'wangzx', 'rectification', 5, 'LS-2021-010', 'status', 'accepted_by', '', '里山街道生态环境站', 4);
INSERT INTO public.audit_entry VALUES (75, '2026-12-02 00:04:49', 'wangzx', 'inspection', 11, 'LS-2021-011', 'create', '', '', '{"inspected_on": "2024-03-24", "inspectors": "王强、刘洋", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "basically"}', 1);
INSERT INTO public.audit_entry VALUES (76, '2026-12-02 00:04:49', 'wangzx', 'inspection', 12, 'LS-2021-012', 'create', '', '', '{"inspected_on": "2024-03-23", "inspectors": "陈静、杨帆", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (77, '2026-12-02 00:04:49', 'wangzx', 'rectification', 6, 'LS-2021-012', 'create', '', '', '{"kind": "新发现", "new_problem": "油烟净化器长期未清洗，净化效率低"}', 1);
INSERT INTO public.audit_entry VALUES (78, '2026-12-02 00:04:50', 'wangzx', 'rectification', 6, 'LS-2021-012', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (79, '2026-12-02 00:04:50', 'wangzx', 'rectification', 6, 'LS-2021-012', 'update', 'deadline', '', '2025-06-30', 2);
INSERT INTO public.audit_entry VALUES (80, '2026-12-02 00:04:50', 'wangzx', 'rectification', 6, 'LS-2021-012', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024", "target": "完成问题排查和整改方案"}, {"period": "2025", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024", "target": "巡查不少于每周一次"}, {"period": "2025", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (81, '2026-12-02 00:04:50', 'wangzx', 'inspection', 13, 'LS-2022-013', 'create', '', '', '{"inspected_on": "2024-03-22", "inspectors": "孙涛、王芳", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "unsatisfied"}', 1);
INSERT INTO public.audit_entry VALUES (82, '2026-12-02 00:04:50', 'wangzx', 'inspection', 14, 'LS-2022-014', 'create', '', '', '{"inspected_on": "2024-03-21", "inspectors": "陈静、杨帆", "handled": "是", "rebound": "是", "findings": "现场查看，问题仍然存在，需继续整改。", "satisfaction": "unreachable"}', 1);
INSERT INTO public.audit_entry VALUES (83, '2026-12-02 00:04:50', 'wangzx', 'rectification', 7, 'LS-2022-014', 'create', '', '', '{"kind": "反弹", "new_problem": ""}', 1);
INSERT INTO public.audit_entry VALUES (84, '2026-12-02 00:04:50', 'wangzx', 'rectification', 7, 'LS-2022-014', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (85, '2026-12-02 00:04:50', 'wangzx', 'rectification', 7, 'LS-2022-014', 'update', 'deadline', '', '2024-06-30', 2);
INSERT INTO public.audit_entry VALUES (86, '2026-12-02 00:04:50', 'wangzx', 'rectification', 7, 'LS-2022-014', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (87, '2026-12-02 00:04:50', 'wangzx', 'rectification', 7, 'LS-2022-014', 'status', 'status', '整改中', '待验收', 3);
INSERT INTO public.audit_entry VALUES (88, '2026-12-02 00:04:50', 'wangzx', 'rectification', 7, 'LS-2022-014', 'status', 'reported_on', '', '2024-03-31', 3);
INSERT INTO public.audit_entry VALUES (89, '2026-12-02 00:04:50', 'wangzx', 'rectification', 7, 'LS-2022-014', 'status', 'status', '待验收', '已销号', 4);
INSERT INTO public.audit_entry VALUES (90, '2026-12-02 00:04:50', 'wangzx', 'rectification', 7, 'LS-2022-014', 'status', 'accepted_on', '', '2024-04-04', 4);
INSERT INTO public.audit_entry VALUES (91, '2026-12-02 00:04:50', 'wangzx', 'rectification', 7, 'LS-2022-014', 'status', 'accepted_by', '', '里山街道生态环境站', 4);
INSERT INTO public.audit_entry VALUES (92, '2026-12-02 00:04:50', 'wangzx', 'inspection', 15, 'LS-2022-015', 'create', '', '', '{"inspected_on": "2024-03-20", "inspectors": "陈静、杨帆", "handled": "否", "rebound": "否", "findings": "现场查看，问题仍然存在，需继续整改。", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (93, '2026-12-02 00:04:50', 'wangzx', 'rectification', 8, 'LS-2022-015', 'create', '', '', '{"kind": "未整改到位", "new_problem": ""}', 1);
INSERT INTO public.audit_entry VALUES (94, '2026-12-02 00:04:50', 'wangzx', 'rectification', 8, 'LS-2022-015', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (95, '2026-12-02 00:04:50', 'wangzx', 'rectification', 8, 'LS-2022-015', 'update', 'deadline', '', '2025-06-30', 2);
INSERT INTO public.audit_entry VALUES (128, '2026-12-02 00:04:51', 'wangzx', 'inspection', 24, 'LS-2021-003', 'create', '', '', '{"inspected_on": "2024-04-09", "inspectors": "王章兴、陈静", "handled": "是", "rebound": "否", "findings": "升级测试用核查记录", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (96, '2026-12-02 00:04:50', 'wangzx', 'rectification', 8, 'LS-2022-015', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024", "target": "完成问题排查和整改方案"}, {"period": "2025", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024", "target": "巡查不少于每周一次"}, {"period": "2025", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (97, '2026-12-02 00:04:50', 'wangzx', 'rectification', 8, 'LS-2022-015', 'status', 'status', '整改中', '移交执法', 3);
INSERT INTO public.audit_entry VALUES (98, '2026-12-02 00:04:50', 'wangzx', 'rectification', 8, 'LS-2022-015', 'status', 'referred_on', '', '2024-04-01', 3);
INSERT INTO public.audit_entry VALUES (99, '2026-12-02 00:04:50', 'wangzx', 'rectification', 8, 'LS-2022-015', 'status', 'referral_reason', '', '经多次督促拒不整改，移交区生态环境综合执法大队', 3);
INSERT INTO public.audit_entry VALUES (100, '2026-12-02 00:04:50', 'wangzx', 'inspection', 16, 'LS-2022-016', 'create', '', '', '{"inspected_on": "2024-03-19", "inspectors": "陈静、杨帆", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "basically"}', 1);
INSERT INTO public.audit_entry VALUES (101, '2026-12-02 00:04:50', 'wangzx', 'rectification', 9, 'LS-2022-016', 'create', '', '', '{"kind": "新发现", "new_problem": "场区东侧发现一处废弃油桶，有渗漏痕迹"}', 1);
INSERT INTO public.audit_entry VALUES (102, '2026-12-02 00:04:50', 'wangzx', 'rectification', 9, 'LS-2022-016', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (103, '2026-12-02 00:04:50', 'wangzx', 'rectification', 9, 'LS-2022-016', 'update', 'deadline', '', '2024-06-30', 2);
INSERT INTO public.audit_entry VALUES (104, '2026-12-02 00:04:50', 'wangzx', 'rectification', 9, 'LS-2022-016', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (105, '2026-12-02 00:04:50', 'wangzx', 'inspection', 17, 'LS-2022-017', 'create', '', '', '{"inspected_on": "2024-03-18", "inspectors": "张伟、李娜", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (106, '2026-12-02 00:04:50', 'wangzx', 'inspection', 18, 'LS-2022-018', 'create', '', '', '{"inspected_on": "2024-03-17", "inspectors": "王强、刘洋", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "unsatisfied"}', 1);
INSERT INTO public.audit_entry VALUES (107, '2026-12-02 00:04:50', 'wangzx', 'inspection', 19, 'LS-2022-019', 'create', '', '', '{"inspected_on": "2024-03-16", "inspectors": "吴刚、郑丽", "handled": "是", "rebound": "否", "findings": "现场查看，问题已整改到位，未发现反弹。", "satisfaction": "unreachable"}', 1);
INSERT INTO public.audit_entry VALUES (108, '2026-12-02 00:04:50', 'wangzx', 'inspection', 20, 'LS-2022-020', 'create', '', '', '{"inspected_on": "2024-03-15", "inspectors": "吴刚、郑丽", "handled": "否", "rebound": "否", "findings": "现场查看，问题仍然存在，需继续整改。", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (109, '2026-12-02 00:04:50', 'wangzx', 'rectification', 10, 'LS-2022-020', 'create', '', '', '{"kind": "未整改到位", "new_problem": ""}', 1);
INSERT INTO public.audit_entry VALUES (110, '2026-12-02 00:04:50', 'wangzx', 'rectification', 11, 'LS-2022-020', 'create', '', '', '{"kind": "新发现", "new_problem": "厂区西侧新增一处砂石露天堆放，未覆盖防尘网"}', 1);
INSERT INTO public.audit_entry VALUES (111, '2026-12-02 00:04:50', 'wangzx', 'rectification', 10, 'LS-2022-020', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (112, '2026-12-02 00:04:50', 'wangzx', 'rectification', 10, 'LS-2022-020', 'update', 'deadline', '', '2024-06-30', 2);
INSERT INTO public.audit_entry VALUES (113, '2026-12-02 00:04:50', 'wangzx', 'rectification', 10, 'LS-2022-020', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (114, '2026-12-02 00:04:51', 'wangzx', 'rectification', 11, 'LS-2022-020', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (115, '2026-12-02 00:04:51', 'wangzx', 'rectification', 11, 'LS-2022-020', 'update', 'deadline', '', '2025-06-30', 2);
INSERT INTO public.audit_entry VALUES (116, '2026-12-02 00:04:51', 'wangzx', 'rectification', 11, 'LS-2022-020', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024", "target": "完成问题排查和整改方案"}, {"period": "2025", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024", "target": "巡查不少于每周一次"}, {"period": "2025", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (117, '2026-12-02 00:04:51', 'wangzx', 'rectification', 11, 'LS-2022-020', 'status', 'status', '整改中', '待验收', 3);
INSERT INTO public.audit_entry VALUES (118, '2026-12-02 00:04:51', 'wangzx', 'rectification', 11, 'LS-2022-020', 'status', 'reported_on', '', '2024-03-25', 3);
INSERT INTO public.audit_entry VALUES (119, '2026-12-02 00:04:51', 'wangzx', 'inspection', 21, 'LS-2022-021', 'create', '', '', '{"inspected_on": "2024-04-03", "inspectors": "吴刚、郑丽", "handled": "是", "rebound": "是", "findings": "现场查看，问题仍然存在，需继续整改。", "satisfaction": "basically"}', 1);
INSERT INTO public.audit_entry VALUES (120, '2026-12-02 00:04:51', 'wangzx', 'rectification', 12, 'LS-2022-021', 'create', '', '', '{"kind": "反弹", "new_problem": ""}', 1);
INSERT INTO public.audit_entry VALUES (121, '2026-12-02 00:04:51', 'wangzx', 'rectification', 12, 'LS-2022-021', 'update', 'target_standard', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', 2);
INSERT INTO public.audit_entry VALUES (122, '2026-12-02 00:04:51', 'wangzx', 'rectification', 12, 'LS-2022-021', 'update', 'deadline', '', '2025-06-30', 2);
INSERT INTO public.audit_entry VALUES (123, '2026-12-02 00:04:51', 'wangzx', 'rectification', 12, 'LS-2022-021', 'update', 'measures', '[]', '[{"content": "责令限期整改，落实覆盖、隔音、治污等防治设施", "milestones": [{"period": "2024", "target": "完成问题排查和整改方案"}, {"period": "2025", "target": "完成主体整改工程"}]}, {"content": "属地村（社区）每周巡查一次，做好记录", "milestones": [{"period": "2024", "target": "巡查不少于每周一次"}, {"period": "2025", "target": "巡查不少于每周一次"}]}]', 2);
INSERT INTO public.audit_entry VALUES (124, '2026-12-02 00:04:51', 'wangzx', 'rectification', 12, 'LS-2022-021', 'status', 'status', '整改中', '待验收', 3);
INSERT INTO public.audit_entry VALUES (125, '2026-12-02 00:04:51', 'wangzx', 'rectification', 12, 'LS-2022-021', 'status', 'reported_on', '', '2024-04-13', 3);
INSERT INTO public.audit_entry VALUES (126, '2026-12-02 00:04:51', 'wangzx', 'inspection', 22, 'LS-2021-001', 'create', '', '', '{"inspected_on": "2024-04-09", "inspectors": "王章兴、陈静", "handled": "是", "rebound": "否", "findings": "升级测试用核查记录", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (127, '2026-12-02 00:04:51', 'wangzx', 'inspection', 23, 'LS-2021-002', 'create', '', '', '{"inspected_on": "2024-04-09", "inspectors": "王章兴、陈静", "handled": "是", "rebound": "否", "findings": "升级测试用核查记录", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (129, '2026-12-02 00:04:51', 'wangzx', 'inspection', 25, 'LS-2021-004', 'create', '', '', '{"inspected_on": "2024-04-09", "inspectors": "王章兴、陈静", "handled": "是", "rebound": "否", "findings": "升级测试用核查记录", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (130, '2026-12-02 00:04:51', 'wangzx', 'inspection', 26, 'LS-2022-022', 'create', '', '', '{"inspected_on": "2024-04-05", "inspectors": "王章兴、陈静", "handled": "是", "rebound": "否", "findings": "升级测试用核查记录", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (131, '2026-12-02 00:04:51', 'wangzx', 'rectification', 13, 'LS-2022-022', 'create', '', '', '{"kind": "新发现", "new_problem": "河岸新增一处垃圾堆放点"}', 1);
INSERT INTO public.audit_entry VALUES (132, '2026-12-02 00:04:51', 'wangzx', 'inspection', 27, 'LS-2022-023', 'create', '', '', '{"inspected_on": "2024-04-08", "inspectors": "王章兴、陈静", "handled": "否", "rebound": "否", "findings": "升级测试用核查记录", "satisfaction": "unsatisfied"}', 1);
INSERT INTO public.audit_entry VALUES (133, '2026-12-02 00:04:51', 'wangzx', 'rectification', 14, 'LS-2022-023', 'create', '', '', '{"kind": "未整改到位", "new_problem": ""}', 1);
INSERT INTO public.audit_entry VALUES (134, '2026-12-02 00:04:51', 'wangzx', 'inspection', 28, 'LS-2023-024', 'create', '', '', '{"inspected_on": "2024-04-11", "inspectors": "王章兴、陈静", "handled": "是", "rebound": "否", "findings": "升级测试用核查记录", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (135, '2026-12-02 00:04:51', 'wangzx', 'rectification', 15, 'LS-2023-024', 'create', '', '', '{"kind": "新发现", "new_problem": "夜间偷排废水"}', 1);
INSERT INTO public.audit_entry VALUES (136, '2026-12-02 00:04:51', 'wangzx', 'rectification', 16, 'LS-2023-024', 'create', '', '', '{"kind": "新发现", "new_problem": "厂区围墙外堆放危废"}', 1);
INSERT INTO public.audit_entry VALUES (137, '2026-12-02 00:04:51', 'wangzx', 'inspection', 29, 'LS-2023-025', 'create', '', '', '{"inspected_on": "2024-04-12", "inspectors": "王章兴、陈静", "handled": "是", "rebound": "否", "findings": "升级测试用核查记录", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (138, '2026-12-02 00:04:51', 'wangzx', 'inspection', 30, 'LS-2023-026', 'create', '', '', '{"inspected_on": "2024-04-15", "inspectors": "王章兴、陈静", "handled": "是", "rebound": "是", "findings": "升级测试用核查记录", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (139, '2026-12-02 00:04:51', 'wangzx', 'rectification', 17, 'LS-2023-026', 'create', '', '', '{"kind": "反弹", "new_problem": ""}', 1);
INSERT INTO public.audit_entry VALUES (140, '2026-12-02 00:04:51', 'wangzx', 'rectification', 18, 'LS-2023-027', 'create', '', '', '{"kind": "新发现", "problem_type": "便民热线", "original_problem": "洗车废水直接排入雨水管网，流入河道。", "new_problem": "排污口设置不规范", "target_standard": "规范设置排污口", "implementer": "新河社区", "acceptor": "里山街道生态环境站", "deadline": "2024-12-31", "note": "", "measures": "[{\"content\": \"规范排污口并设立标识\", \"milestones\": [{\"period\": \"2024Q2\", \"target\": \"完成整改\"}, {\"period\": \"2024Q3\", \"target\": \"巩固\"}, {\"period\": \"2024Q4\", \"target\": \"验收\"}]}]"}', 1);
INSERT INTO public.audit_entry VALUES (141, '2026-12-02 00:04:51', 'qixing', 'inspection', 31, 'LS-2023-028', 'create', '', '', '{"inspected_on": "2024-04-10", "inspectors": "王章兴、陈静", "handled": "是", "rebound": "否", "findings": "升级测试用核查记录", "satisfaction": "satisfied"}', 1);
INSERT INTO public.audit_entry VALUES (142, '2026-12-02 00:04:51', 'qixing', 'rectification', 19, 'LS-2023-028', 'create', '', '', '{"kind": "新发现", "new_problem": "村口养殖棚异味"}', 1);
INSERT INTO public.audit_entry VALUES (143, '2026-12-02 00:04:51', 'wangzx', 'remark', 1, '', 'update', '备注 七星村 2024-03-21', '', '第一周完成摸排', 1);
INSERT INTO public.audit_entry VALUES (144, '2026-12-02 00:04:51', 'wangzx', 'remark', 2, '', 'update', '备注 新河社区 2024-03-28', '', '油烟问题已约谈', 1);
INSERT INTO public.audit_entry VALUES (145, '2026-12-02 00:04:51', 'qixing', 'remark', 3, '', 'update', '备注 七星村 2024-04-11', '', '剩余信访件本周核查', 1);
INSERT INTO public.audit_entry VALUES (146, '2026-12-02 00:04:51', 'wangzx', 'snapshot', 1, '', 'submit', '报送', '', '2024-03-21', 1);
INSERT INTO public.audit_entry VALUES (147, '2026-12-02 00:04:51', 'wangzx', 'snapshot', 2, '', 'submit', '报送', '', '2024-03-28', 1);



INSERT INTO public.campaign VALUES (1, '2024年里山街道生态环境领域信访事项“回头看”专项行动', '贵池区', '里山街道', '里山街道生态环境站', '王章兴', '2024-03-15', '2024-04-15', 3, '2024-04-13', '2024年贵池区生态环境领域信访事项“回头看”专项行动问题清单', '2024年贵池区生态环境领域信访事项“回头看”专项行动进展一览表', '2024年里山街道生态环境领域信访事项台账');



INSERT INTO public.draft VALUES (1, 'wangzx', 'case:LS-2021-001', '{"version": 1, "location": "草稿中的地点"}', '2026-12-02 00:04:51');
INSERT INTO public.draft VALUES (2, 'qixing', 'remark:七星村:2024-04-18', '{"version": 0, "text": "未保存的备注"}', '2026-12-02 00:04:51');



INSERT INTO public.inspection VALUES (1, 1, '2024-04-03', '陈静、杨帆', true, false, 'basically', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:48', 1);
INSERT INTO public.inspection VALUES (2, 2, '2024-04-02', '吴刚、郑丽', true, false, 'satisfied', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:48', 1);
INSERT INTO public.inspection VALUES (3, 3, '2024-04-01', '张伟、李娜', true, false, 'unsatisfied', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:48', 1);
INSERT INTO public.inspection VALUES (4, 4, '2024-03-31', '孙涛、王芳', true, false, 'unreachable', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:49', 1);
INSERT INTO public.inspection VALUES (5, 5, '2024-03-30', '王强、刘洋', false, false, 'satisfied', '现场查看，问题仍然存在，需继续整改。', 'wangzx', '2026-12-02 00:04:49', 1);
INSERT INTO public.inspection VALUES (6, 6, '2024-03-29', '孙涛、王芳', true, false, 'basically', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:49', 1);
INSERT INTO public.inspection VALUES (7, 7, '2024-03-28', '孙涛、王芳', true, true, 'satisfied', '现场查看，问题仍然存在，需继续整改。', 'wangzx', '2026-12-02 00:04:49', 1);
INSERT INTO public.inspection VALUES (8, 8, '2024-03-27', '吴刚、郑丽', true, false, 'unsatisfied', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:49', 1);
INSERT INTO public.inspection VALUES (9, 9, '2024-03-26', '赵磊、周敏', true, false, 'unreachable', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:49', 1);
INSERT INTO public.inspection VALUES (10, 10, '2024-03-25', '孙涛、王芳', false, false, 'satisfied', '现场查看，问题仍然存在，需继续整改。', 'wangzx', '2026-12-02 00:04:49', 1);
INSERT INTO public.inspection VALUES (11, 11, '2024-03-24', '王强、刘洋', true, false, 'basically', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:49', 1);
INSERT INTO public.inspection VALUES (12, 12, '2024-03-23', '陈静、杨帆', true, false, 'satisfied', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:49', 1);
INSERT INTO public.inspection VALUES (13, 13, '2024-03-22', '孙涛、王芳', true, false, 'unsatisfied', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:50', 1);
INSERT INTO public.inspection VALUES (14, 14, '2024-03-21', '陈静、杨帆', true, true, 'unreachable', '现场查看，问题仍然存在，需继续整改。', 'wangzx', '2026-12-02 00:04:50', 1);
INSERT INTO public.inspection VALUES (15, 15, '2024-03-20', '陈静、杨帆', false, false, 'satisfied', '现场查看，问题仍然存在，需继续整改。', 'wangzx', '2026-12-02 00:04:50', 1);
INSERT INTO public.inspection VALUES (16, 16, '2024-03-19', '陈静、杨帆', true, false, 'basically', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:50', 1);
INSERT INTO public.inspection VALUES (17, 17, '2024-03-18', '张伟、李娜', true, false, 'satisfied', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:50', 1);
INSERT INTO public.inspection VALUES (18, 18, '2024-03-17', '王强、刘洋', true, false, 'unsatisfied', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:50', 1);
INSERT INTO public.inspection VALUES (19, 19, '2024-03-16', '吴刚、郑丽', true, false, 'unreachable', '现场查看，问题已整改到位，未发现反弹。', 'wangzx', '2026-12-02 00:04:50', 1);
INSERT INTO public.inspection VALUES (20, 20, '2024-03-15', '吴刚、郑丽', false, false, 'satisfied', '现场查看，问题仍然存在，需继续整改。', 'wangzx', '2026-12-02 00:04:50', 1);
INSERT INTO public.inspection VALUES (21, 21, '2024-04-03', '吴刚、郑丽', true, true, 'basically', '现场查看，问题仍然存在，需继续整改。', 'wangzx', '2026-12-02 00:04:51', 1);
INSERT INTO public.inspection VALUES (22, 1, '2024-04-09', '王章兴、陈静', true, false, 'satisfied', '升级测试用核查记录', 'wangzx', '2026-12-02 00:04:51', 1);
INSERT INTO public.inspection VALUES (23, 2, '2024-04-09', '王章兴、陈静', true, false, 'satisfied', '升级测试用核查记录', 'wangzx', '2026-12-02 00:04:51', 1);
INSERT INTO public.inspection VALUES (24, 3, '2024-04-09', '王章兴、陈静', true, false, 'satisfied', '升级测试用核查记录', 'wangzx', '2026-12-02 00:04:51', 1);
INSERT INTO public.inspection VALUES (25, 4, '2024-04-09', '王章兴、陈静', true, false, 'satisfied', '升级测试用核查记录', 'wangzx', '2026-12-02 00:04:51', 1);
INSERT INTO public.inspection VALUES (26, 22, '2024-04-05', '王章兴、陈静', true, false, 'satisfied', '升级测试用核查记录', 'wangzx', '2026-12-02 00:04:51', 1);
INSERT INTO public.inspection VALUES (27, 23, '2024-04-08', '王章兴、陈静', false, false, 'unsatisfied', '升级测试用核查记录', 'wangzx', '2026-12-02 00:04:51', 1);
INSERT INTO public.inspection VALUES (28, 24, '2024-04-11', '王章兴、陈静', true, false, 'satisfied', '升级测试用核查记录', 'wangzx', '2026-12-02 00:04:51', 1);
INSERT INTO public.inspection VALUES (29, 25, '2024-04-12', '王章兴、陈静', true, false, 'satisfied', '升级测试用核查记录', 'wangzx', '2026-12-02 00:04:51', 1);
INSERT INTO public.inspection VALUES (30, 26, '2024-04-15', '王章兴、陈静', true, true, 'satisfied', '升级测试用核查记录', 'wangzx', '2026-12-02 00:04:51', 1);
INSERT INTO public.inspection VALUES (31, 28, '2024-04-10', '王章兴、陈静', true, false, 'satisfied', '升级测试用核查记录', 'qixing', '2026-12-02 00:04:51', 1);



INSERT INTO public.measure VALUES (1, 1, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (2, 1, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (3, 2, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (4, 2, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (5, 3, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (6, 3, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (7, 4, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (8, 4, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (9, 5, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (10, 5, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (11, 6, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024", "target": "完成问题排查和整改方案"}, {"period": "2025", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (12, 6, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024", "target": "巡查不少于每周一次"}, {"period": "2025", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (13, 7, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (14, 7, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (15, 8, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024", "target": "完成问题排查和整改方案"}, {"period": "2025", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (16, 8, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024", "target": "巡查不少于每周一次"}, {"period": "2025", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (17, 9, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (18, 9, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (19, 10, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024Q1", "target": "完成问题排查和整改方案"}, {"period": "2024Q2", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (20, 10, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024Q1", "target": "巡查不少于每周一次"}, {"period": "2024Q2", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (21, 11, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024", "target": "完成问题排查和整改方案"}, {"period": "2025", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (22, 11, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024", "target": "巡查不少于每周一次"}, {"period": "2025", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (23, 12, 1, '责令限期整改，落实覆盖、隔音、治污等防治设施', '[{"period": "2024", "target": "完成问题排查和整改方案"}, {"period": "2025", "target": "完成主体整改工程"}]');
INSERT INTO public.measure VALUES (24, 12, 2, '属地村（社区）每周巡查一次，做好记录', '[{"period": "2024", "target": "巡查不少于每周一次"}, {"period": "2025", "target": "巡查不少于每周一次"}]');
INSERT INTO public.measure VALUES (25, 18, 1, '规范排污口并设立标识', '[{"period": "2024Q2", "target": "完成整改"}, {"period": "2024Q3", "target": "巩固"}, {"period": "2024Q4", "target": "验收"}]');



INSERT INTO public.meta VALUES ('schema_version', '3');



INSERT INTO public.petition_case VALUES (29, 'LS-2023-029', 'cyberoffice', '2023-07-15', 1, '王先生', '17284382683', '池州市鑫源混凝土有限公司', '七星村工业集中区', '扬尘', '搅拌站运输车辆带泥上路，道路扬尘污染。', '责令完善车辆冲洗设施，对进出道路定时洒水保洁。', 'pending', NULL, NULL, false, 'ls2023029
池州市鑫源混凝土有限公司
七星村工业集中区
搅拌站运输车辆带泥上路道路扬尘污染', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (30, 'LS-2023-030', 'servicehotline', '2023-03-06', 1, '王先生', '15409168607', '七星村木材加工点', '七星村枫树组', '噪声', '木材加工设备噪声大，早晚作业影响周边居民。', '限定作业时间为早8时至晚6时，设备加装减振垫。', 'pending', NULL, NULL, false, 'ls2023030
七星村木材加工点
七星村枫树组
木材加工设备噪声大早晚作业影响周边居民', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (31, 'LS-2023-031', 'phone', '2023-03-21', 3, '陈先生', '17754797804', '里山镇永兴砂石堆场', '杨山村河沿组', '扬尘', '砂石堆场未覆盖，大风天气扬尘严重，附近农户晾晒衣物落满灰尘。', '督促堆场全部覆盖防尘网，配备雾炮机，进出车辆冲洗。', 'pending', NULL, NULL, false, 'ls2023031
里山镇永兴砂石堆场
杨山村河沿组
砂石堆场未覆盖大风天气扬尘严重附近农户晾晒衣物落满灰尘', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (32, 'LS-2023-032', 'online', '2023-04-06', 3, '匿名', '18587521884', '杨山村李某某', '杨山村后山组', '焚烧', '村民在田间焚烧秸秆和生活垃圾，烟雾弥漫。', '对当事人进行批评教育，现场扑灭，加强禁烧巡查。', 'pending', NULL, NULL, false, 'ls2023032
杨山村李某某
杨山村后山组
村民在田间焚烧秸秆和生活垃圾烟雾弥漫', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (33, 'LS-2023-033', 'hotline12345', '2023-04-11', 7, '王先生', '18759021604', '杨山村王某某养鸭场', '杨山村塘口组', '异味', '养鸭场臭味大，鸭粪堆放在路边。', '督促养殖户清理鸭粪，建设堆粪棚，控制养殖规模。', 'pending', NULL, NULL, false, 'ls2023033
杨山村王某某养鸭场
杨山村塘口组
养鸭场臭味大鸭粪堆放在路边', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (34, 'LS-2023-034', 'servicehotline', '2023-02-11', 7, '李女士', '18738835847', '桃坡村张某某生猪养殖场', '桃坡村下湾组', '废水', '养殖废水未经处理直排水塘，水体发黑发臭。', '责令停止直排，建设三级沉淀池和干湿分离设施，粪污资源化利用。', 'pending', NULL, NULL, false, 'ls2023034
桃坡村张某某生猪养殖场
桃坡村下湾组
养殖废水未经处理直排水塘水体发黑发臭', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (1, 'LS-2021-001', 'phone', '2021-06-28', 1, '匿名', '18125655356', '池州市鑫源混凝土有限公司', '七星村工业集中区', '扬尘', '搅拌站运输车辆带泥上路，道路扬尘污染。', '责令完善车辆冲洗设施，对进出道路定时洒水保洁。', 'verified', '2024-04-03', NULL, false, 'ls2021001
池州市鑫源混凝土有限公司
七星村工业集中区
搅拌站运输车辆带泥上路道路扬尘污染', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (2, 'LS-2021-002', 'phone', '2021-08-01', 1, '杨女士', '15633030485', '七星村木材加工点', '七星村枫树组', '噪声', '木材加工设备噪声大，早晚作业影响周边居民。', '限定作业时间为早8时至晚6时，设备加装减振垫。', 'verified', '2024-04-02', NULL, false, 'ls2021002
七星村木材加工点
七星村枫树组
木材加工设备噪声大早晚作业影响周边居民', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (22, 'LS-2022-022', 'phone', '2022-07-03', 4, '刘女士', '18794437804', '里山社区“小辣椒”餐馆', '里山社区学府路', '油烟', '餐馆排烟口正对居民窗户，油烟和噪声扰民。', '督促餐馆改造排烟管道至楼顶高空排放，更换低噪声风机。', 'rectifying', '2024-04-05', NULL, false, 'ls2022022
里山社区小辣椒餐馆
里山社区学府路
餐馆排烟口正对居民窗户油烟和噪声扰民', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (23, 'LS-2022-023', 'online', '2022-07-14', 5, '刘女士', '17682548218', '新河路“好再来”烧烤店', '新河社区新河路', '油烟', '烧烤店油烟未经净化直排，油烟味呛人，楼上住户无法开窗。', '督促安装油烟净化器并定期清洗，取缔店外露天烧烤。', 'rectifying', '2024-04-08', NULL, false, 'ls2022023
新河路好再来烧烤店
新河社区新河路
烧烤店油烟未经净化直排油烟味呛人楼上住户无法开窗', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (24, 'LS-2023-024', 'phone', '2023-04-23', 2, '周先生', '17438642750', '桃坡村汽车维修店', '桃坡村集镇', '危废', '维修店废机油随意倾倒，地面油污严重。', '责令规范收集废机油并交有资质单位处置，建立危废台账。', 'rectifying', '2024-04-11', NULL, false, 'ls2023024
桃坡村汽车维修店
桃坡村集镇
维修店废机油随意倾倒地面油污严重', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (25, 'LS-2023-025', 'servicehotline', '2023-11-02', 2, '匿名', '13216953194', '桃坡村砖瓦厂旧址', '桃坡村上湾组', '固废', '废弃厂区堆放建筑垃圾，雨天污水流入农田。', '组织清运建筑垃圾，对场地进行平整复绿。', 'verified', '2024-04-12', NULL, false, 'ls2023025
桃坡村砖瓦厂旧址
桃坡村上湾组
废弃厂区堆放建筑垃圾雨天污水流入农田', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (26, 'LS-2023-026', 'letter', '2023-01-17', 4, '陈先生', '15623741711', '里山社区农贸市场', '里山社区中心街', '垃圾', '市场垃圾清运不及时，夏季异味大，污水横流。', '增加垃圾清运频次为每日两次，市场内设置污水收集沟。', 'rectifying', '2024-04-15', NULL, false, 'ls2023026
里山社区农贸市场
里山社区中心街
市场垃圾清运不及时夏季异味大污水横流', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (27, 'LS-2023-027', 'servicehotline', '2023-10-31', 5, '陈先生', '15691393242', '新河社区洗车点', '新河社区滨河路', '废水', '洗车废水直接排入雨水管网，流入河道。', '督促建设沉淀隔油池，废水经处理后排入污水管网。', 'pending', NULL, '2024-12-31', false, 'ls2023027
新河社区洗车点
新河社区滨河路
洗车废水直接排入雨水管网流入河道', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (28, 'LS-2023-028', 'online', '2023-07-17', 1, '李女士', '15565583094', '池州市恒达石材加工厂', '七星村石门组', '噪声', '石材切割机夜间作业，噪声扰民，影响附近居民休息。', '责令企业调整作业时间，夜间22时后停止切割作业，安装隔音棚。', 'rectifying', '2024-04-10', NULL, false, 'ls2023028
池州市恒达石材加工厂
七星村石门组
石材切割机夜间作业噪声扰民影响附近居民休息', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (5, 'LS-2021-005', 'phone', '2021-10-25', 7, '李女士', '13202735313', '杨山村王某某养鸭场', '杨山村塘口组', '异味', '养鸭场臭味大，鸭粪堆放在路边。', '督促养殖户清理鸭粪，建设堆粪棚，控制养殖规模。', 'rectifying', '2024-03-30', '2024-06-30', false, 'ls2021005
杨山村王某某养鸭场
杨山村塘口组
养鸭场臭味大鸭粪堆放在路边', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (6, 'LS-2021-006', 'servicehotline', '2021-05-26', 7, '刘女士', '18947866314', '桃坡村张某某生猪养殖场', '桃坡村下湾组', '废水', '养殖废水未经处理直排水塘，水体发黑发臭。', '责令停止直排，建设三级沉淀池和干湿分离设施，粪污资源化利用。', 'verified', '2024-03-29', NULL, false, 'ls2021006
桃坡村张某某生猪养殖场
桃坡村下湾组
养殖废水未经处理直排水塘水体发黑发臭', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (7, 'LS-2021-007', 'hotline12345', '2021-06-04', 6, '陈先生', '15948173362', '里山街道某建筑工地', '里山社区学府路', '噪声', '工地夜间施工噪声扰民，渣土车夜间进出。', '责令施工单位办理夜间施工许可，未经许可夜间停止施工。', 'rectifying', '2024-03-28', '2024-06-30', true, 'ls2021007
里山街道某建筑工地
里山社区学府路
工地夜间施工噪声扰民渣土车夜间进出', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (8, 'LS-2021-008', 'peopledaily', '2021-09-21', 4, '刘女士', '17509861130', '里山社区“小辣椒”餐馆', '里山社区学府路', '油烟', '餐馆排烟口正对居民窗户，油烟和噪声扰民。', '督促餐馆改造排烟管道至楼顶高空排放，更换低噪声风机。', 'rectifying', '2024-03-27', '2024-06-30', false, 'ls2021008
里山社区小辣椒餐馆
里山社区学府路
餐馆排烟口正对居民窗户油烟和噪声扰民', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (9, 'LS-2021-009', 'phone', '2021-09-23', 5, '王先生', '15918237922', '新河路“好再来”烧烤店', '新河社区新河路', '油烟', '烧烤店油烟未经净化直排，油烟味呛人，楼上住户无法开窗。', '督促安装油烟净化器并定期清洗，取缔店外露天烧烤。', 'verified', '2024-03-26', NULL, false, 'ls2021009
新河路好再来烧烤店
新河社区新河路
烧烤店油烟未经净化直排油烟味呛人楼上住户无法开窗', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (3, 'LS-2021-003', 'hotline12345', '2021-10-19', 3, '匿名', '13593375235', '里山镇永兴砂石堆场', '杨山村河沿组', '扬尘', '砂石堆场未覆盖，大风天气扬尘严重，附近农户晾晒衣物落满灰尘。', '督促堆场全部覆盖防尘网，配备雾炮机，进出车辆冲洗。', 'verified', '2024-04-01', NULL, false, 'ls2021003
里山镇永兴砂石堆场
杨山村河沿组
砂石堆场未覆盖大风天气扬尘严重附近农户晾晒衣物落满灰尘', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (10, 'LS-2021-010', 'phone', '2021-02-14', 2, '王先生', '13989091828', '桃坡村汽车维修店', '桃坡村集镇', '危废', '维修店废机油随意倾倒，地面油污严重。', '责令规范收集废机油并交有资质单位处置，建立危废台账。', 'closed', '2024-03-25', NULL, false, 'ls2021010
桃坡村汽车维修店
桃坡村集镇
维修店废机油随意倾倒地面油污严重', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (11, 'LS-2021-011', 'servicehotline', '2021-06-11', 2, '张先生', '13402019939', '桃坡村砖瓦厂旧址', '桃坡村上湾组', '固废', '废弃厂区堆放建筑垃圾，雨天污水流入农田。', '组织清运建筑垃圾，对场地进行平整复绿。', 'verified', '2024-03-24', NULL, false, 'ls2021011
桃坡村砖瓦厂旧址
桃坡村上湾组
废弃厂区堆放建筑垃圾雨天污水流入农田', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (4, 'LS-2021-004', 'online', '2021-09-10', 3, '王先生', '17695572253', '杨山村李某某', '杨山村后山组', '焚烧', '村民在田间焚烧秸秆和生活垃圾，烟雾弥漫。', '对当事人进行批评教育，现场扑灭，加强禁烧巡查。', 'rectifying', '2024-03-31', '2024-06-30', false, 'ls2021004
杨山村李某某
杨山村后山组
村民在田间焚烧秸秆和生活垃圾烟雾弥漫', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (12, 'LS-2021-012', 'phone', '2021-04-17', 4, '刘女士', '18275477369', '里山社区农贸市场', '里山社区中心街', '垃圾', '市场垃圾清运不及时，夏季异味大，污水横流。', '增加垃圾清运频次为每日两次，市场内设置污水收集沟。', 'rectifying', '2024-03-23', '2025-06-30', false, 'ls2021012
里山社区农贸市场
里山社区中心街
市场垃圾清运不及时夏季异味大污水横流', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (13, 'LS-2022-013', 'online', '2022-08-18', 5, '匿名', '15324632570', '新河社区洗车点', '新河社区滨河路', '废水', '洗车废水直接排入雨水管网，流入河道。', '督促建设沉淀隔油池，废水经处理后排入污水管网。', 'verified', '2024-03-22', NULL, false, 'ls2022013
新河社区洗车点
新河社区滨河路
洗车废水直接排入雨水管网流入河道', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (14, 'LS-2022-014', 'servicehotline', '2022-03-03', 1, '杨女士', '13386039787', '池州市恒达石材加工厂', '七星村石门组', '噪声', '石材切割机夜间作业，噪声扰民，影响附近居民休息。', '责令企业调整作业时间，夜间22时后停止切割作业，安装隔音棚。', 'closed', '2024-03-21', NULL, false, 'ls2022014
池州市恒达石材加工厂
七星村石门组
石材切割机夜间作业噪声扰民影响附近居民休息', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (15, 'LS-2022-015', 'phone', '2022-10-08', 1, '张先生', '18508584239', '池州市鑫源混凝土有限公司', '七星村工业集中区', '扬尘', '搅拌站运输车辆带泥上路，道路扬尘污染。', '责令完善车辆冲洗设施，对进出道路定时洒水保洁。', 'rectifying', '2024-03-20', '2025-06-30', true, 'ls2022015
池州市鑫源混凝土有限公司
七星村工业集中区
搅拌站运输车辆带泥上路道路扬尘污染', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (16, 'LS-2022-016', 'servicehotline', '2022-02-25', 1, '匿名', '13220544725', '七星村木材加工点', '七星村枫树组', '噪声', '木材加工设备噪声大，早晚作业影响周边居民。', '限定作业时间为早8时至晚6时，设备加装减振垫。', 'rectifying', '2024-03-19', '2024-06-30', false, 'ls2022016
七星村木材加工点
七星村枫树组
木材加工设备噪声大早晚作业影响周边居民', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (17, 'LS-2022-017', 'online', '2022-08-27', 3, '匿名', '18952011562', '里山镇永兴砂石堆场', '杨山村河沿组', '扬尘', '砂石堆场未覆盖，大风天气扬尘严重，附近农户晾晒衣物落满灰尘。', '督促堆场全部覆盖防尘网，配备雾炮机，进出车辆冲洗。', 'verified', '2024-03-18', NULL, false, 'ls2022017
里山镇永兴砂石堆场
杨山村河沿组
砂石堆场未覆盖大风天气扬尘严重附近农户晾晒衣物落满灰尘', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (18, 'LS-2022-018', 'servicehotline', '2022-09-16', 3, '李女士', '13604315892', '杨山村李某某', '杨山村后山组', '焚烧', '村民在田间焚烧秸秆和生活垃圾，烟雾弥漫。', '对当事人进行批评教育，现场扑灭，加强禁烧巡查。', 'verified', '2024-03-17', NULL, false, 'ls2022018
杨山村李某某
杨山村后山组
村民在田间焚烧秸秆和生活垃圾烟雾弥漫', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (19, 'LS-2022-019', 'servicehotline', '2022-04-19', 7, '李女士', '18194682308', '杨山村王某某养鸭场', '杨山村塘口组', '异味', '养鸭场臭味大，鸭粪堆放在路边。', '督促养殖户清理鸭粪，建设堆粪棚，控制养殖规模。', 'verified', '2024-03-16', NULL, false, 'ls2022019
杨山村王某某养鸭场
杨山村塘口组
养鸭场臭味大鸭粪堆放在路边', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (20, 'LS-2022-020', 'online', '2022-03-05', 7, '刘女士', '18896792384', '桃坡村张某某生猪养殖场', '桃坡村下湾组', '废水', '养殖废水未经处理直排水塘，水体发黑发臭。', '责令停止直排，建设三级沉淀池和干湿分离设施，粪污资源化利用。', 'rectifying', '2024-03-15', '2024-06-30', false, 'ls2022020
桃坡村张某某生猪养殖场
桃坡村下湾组
养殖废水未经处理直排水塘水体发黑发臭', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');
INSERT INTO public.petition_case VALUES (21, 'LS-2022-021', 'visit', '2022-05-22', 6, '杨女士', '18166458833', '里山街道某建筑工地', '里山社区学府路', '噪声', '工地夜间施工噪声扰民，渣土车夜间进出。', '责令施工单位办理夜间施工许可，未经许可夜间停止施工。', 'rectifying', '2024-04-03', '2025-06-30', false, 'ls2022021
里山街道某建筑工地
里山社区学府路
工地夜间施工噪声扰民渣土车夜间进出', 1, '2026-12-02 00:04:48', '2026-12-02 00:04:48', 'wangzx');



INSERT INTO public.rectification VALUES (1, 4, 4, 'new', '网络舆情', '村民在田间焚烧秸秆和生活垃圾，烟雾弥漫。', '雨污管网混接，生活污水经雨水口排入沟渠', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '杨山村', '里山街道生态环境站', '2024-06-30', '2024-03-31', 'in_progress', NULL, NULL, '', NULL, '', '', 2, 'wangzx', '2026-12-02 00:04:49', '2026-12-02 00:04:49', 'wangzx');
INSERT INTO public.rectification VALUES (2, 5, 5, 'not_rectified', '来电', '养鸭场臭味大，鸭粪堆放在路边。', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '街道农业农村办', '里山街道生态环境站', '2024-06-30', '2024-03-30', 'awaiting', '2024-04-09', NULL, '', NULL, '', '', 3, 'wangzx', '2026-12-02 00:04:49', '2026-12-02 00:04:49', 'wangzx');
INSERT INTO public.rectification VALUES (3, 7, 7, 'rebound', '12345热线', '工地夜间施工噪声扰民，渣土车夜间进出。', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '街道城建办', '里山街道生态环境站', '2024-06-30', '2024-03-28', 'referred', NULL, NULL, '', '2024-04-09', '经多次督促拒不整改，移交区生态环境综合执法大队', '', 3, 'wangzx', '2026-12-02 00:04:49', '2026-12-02 00:04:49', 'wangzx');
INSERT INTO public.rectification VALUES (4, 8, 8, 'new', '人民网留言', '餐馆排烟口正对居民窗户，油烟和噪声扰民。', '危险废物暂存间未设置防渗和标识', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '里山社区', '里山街道生态环境站', '2024-06-30', '2024-03-27', 'in_progress', NULL, NULL, '', NULL, '', '', 2, 'wangzx', '2026-12-02 00:04:49', '2026-12-02 00:04:49', 'wangzx');
INSERT INTO public.rectification VALUES (5, 10, 10, 'not_rectified', '来电', '维修店废机油随意倾倒，地面油污严重。', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '桃坡村', '里山街道生态环境站', '2024-06-30', '2024-03-25', 'closed', '2024-04-04', '2024-04-08', '里山街道生态环境站', NULL, '', '', 4, 'wangzx', '2026-12-02 00:04:49', '2026-12-02 00:04:49', 'wangzx');
INSERT INTO public.rectification VALUES (6, 12, 12, 'new', '来电', '市场垃圾清运不及时，夏季异味大，污水横流。', '油烟净化器长期未清洗，净化效率低', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '里山社区', '里山街道生态环境站', '2025-06-30', '2024-03-23', 'in_progress', NULL, NULL, '', NULL, '', '', 2, 'wangzx', '2026-12-02 00:04:49', '2026-12-02 00:04:50', 'wangzx');
INSERT INTO public.rectification VALUES (7, 14, 14, 'rebound', '便民热线', '石材切割机夜间作业，噪声扰民，影响附近居民休息。', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '七星村', '里山街道生态环境站', '2024-06-30', '2024-03-21', 'closed', '2024-03-31', '2024-04-04', '里山街道生态环境站', NULL, '', '', 4, 'wangzx', '2026-12-02 00:04:50', '2026-12-02 00:04:50', 'wangzx');
INSERT INTO public.rectification VALUES (8, 15, 15, 'not_rectified', '来电', '搅拌站运输车辆带泥上路，道路扬尘污染。', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '七星村', '里山街道生态环境站', '2025-06-30', '2024-03-20', 'referred', NULL, NULL, '', '2024-04-01', '经多次督促拒不整改，移交区生态环境综合执法大队', '', 3, 'wangzx', '2026-12-02 00:04:50', '2026-12-02 00:04:50', 'wangzx');
INSERT INTO public.rectification VALUES (9, 16, 16, 'new', '便民热线', '木材加工设备噪声大，早晚作业影响周边居民。', '场区东侧发现一处废弃油桶，有渗漏痕迹', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '七星村', '里山街道生态环境站', '2024-06-30', '2024-03-19', 'in_progress', NULL, NULL, '', NULL, '', '', 2, 'wangzx', '2026-12-02 00:04:50', '2026-12-02 00:04:50', 'wangzx');
INSERT INTO public.rectification VALUES (10, 20, 20, 'not_rectified', '网络舆情', '养殖废水未经处理直排水塘，水体发黑发臭。', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '街道农业农村办', '里山街道生态环境站', '2024-06-30', '2024-03-15', 'in_progress', NULL, NULL, '', NULL, '', '', 2, 'wangzx', '2026-12-02 00:04:50', '2026-12-02 00:04:50', 'wangzx');
INSERT INTO public.rectification VALUES (11, 20, 20, 'new', '网络舆情', '养殖废水未经处理直排水塘，水体发黑发臭。', '厂区西侧新增一处砂石露天堆放，未覆盖防尘网', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '街道农业农村办', '里山街道生态环境站', '2025-06-30', '2024-03-15', 'awaiting', '2024-03-25', NULL, '', NULL, '', '', 3, 'wangzx', '2026-12-02 00:04:50', '2026-12-02 00:04:51', 'wangzx');
INSERT INTO public.rectification VALUES (12, 21, 21, 'rebound', '来访', '工地夜间施工噪声扰民，渣土车夜间进出。', '', '问题整改到位，经现场验收无反弹，信访人满意或基本满意', '街道城建办', '里山街道生态环境站', '2025-06-30', '2024-04-03', 'awaiting', '2024-04-13', NULL, '', NULL, '', '', 3, 'wangzx', '2026-12-02 00:04:51', '2026-12-02 00:04:51', 'wangzx');
INSERT INTO public.rectification VALUES (13, 22, 26, 'new', '来电', '餐馆排烟口正对居民窗户，油烟和噪声扰民。', '河岸新增一处垃圾堆放点', '', '里山社区', '里山街道生态环境站', NULL, '2024-04-05', 'in_progress', NULL, NULL, '', NULL, '', '', 1, 'wangzx', '2026-12-02 00:04:51', '2026-12-02 00:04:51', 'wangzx');
INSERT INTO public.rectification VALUES (14, 23, 27, 'not_rectified', '网络舆情', '烧烤店油烟未经净化直排，油烟味呛人，楼上住户无法开窗。', '', '', '新河社区', '里山街道生态环境站', NULL, '2024-04-08', 'in_progress', NULL, NULL, '', NULL, '', '', 1, 'wangzx', '2026-12-02 00:04:51', '2026-12-02 00:04:51', 'wangzx');
INSERT INTO public.rectification VALUES (15, 24, 28, 'new', '来电', '维修店废机油随意倾倒，地面油污严重。', '夜间偷排废水', '', '桃坡村', '里山街道生态环境站', NULL, '2024-04-11', 'in_progress', NULL, NULL, '', NULL, '', '', 1, 'wangzx', '2026-12-02 00:04:51', '2026-12-02 00:04:51', 'wangzx');
INSERT INTO public.rectification VALUES (16, 24, 28, 'new', '来电', '维修店废机油随意倾倒，地面油污严重。', '厂区围墙外堆放危废', '', '桃坡村', '里山街道生态环境站', NULL, '2024-04-11', 'in_progress', NULL, NULL, '', NULL, '', '', 1, 'wangzx', '2026-12-02 00:04:51', '2026-12-02 00:04:51', 'wangzx');
INSERT INTO public.rectification VALUES (17, 26, 30, 'rebound', '信访', '市场垃圾清运不及时，夏季异味大，污水横流。', '', '', '里山社区', '里山街道生态环境站', NULL, '2024-04-15', 'in_progress', NULL, NULL, '', NULL, '', '', 1, 'wangzx', '2026-12-02 00:04:51', '2026-12-02 00:04:51', 'wangzx');
INSERT INTO public.rectification VALUES (18, 27, NULL, 'new', '便民热线', '洗车废水直接排入雨水管网，流入河道。', '排污口设置不规范', '规范设置排污口', '新河社区', '里山街道生态环境站', '2024-12-31', '2024-04-10', 'in_progress', NULL, NULL, '', NULL, '', '', 1, 'wangzx', '2026-12-02 00:04:51', '2026-12-02 00:04:51', 'wangzx');
INSERT INTO public.rectification VALUES (19, 28, 31, 'new', '网络舆情', '石材切割机夜间作业，噪声扰民，影响附近居民休息。', '村口养殖棚异味', '', '七星村', '里山街道生态环境站', NULL, '2024-04-10', 'in_progress', NULL, NULL, '', NULL, '', '', 1, 'qixing', '2026-12-02 00:04:51', '2026-12-02 00:04:51', 'qixing');



INSERT INTO public.report_snapshot VALUES (1, '2024-03-21', NULL, '{"week_start": "2024-03-15", "week_end": "2024-03-21", "rows": [{"unit": "七星村", "total": 8, "verified_this_week": 3, "verified_total": 3, "completion_rate": 0.375, "new_problems_this_week": 1, "new_problems_total": 1, "remarks": "第一周完成摸排"}, {"unit": "桃坡村", "total": 4, "verified_this_week": 0, "verified_total": 0, "completion_rate": 0.0, "new_problems_this_week": 0, "new_problems_total": 0, "remarks": ""}, {"unit": "杨山村", "total": 6, "verified_this_week": 2, "verified_total": 2, "completion_rate": 0.3333, "new_problems_this_week": 0, "new_problems_total": 0, "remarks": ""}, {"unit": "里山社区", "total": 4, "verified_this_week": 0, "verified_total": 0, "completion_rate": 0.0, "new_problems_this_week": 0, "new_problems_total": 0, "remarks": ""}, {"unit": "新河社区", "total": 4, "verified_this_week": 0, "verified_total": 0, "completion_rate": 0.0, "new_problems_this_week": 0, "new_problems_total": 0, "remarks": ""}, {"unit": "街道城建办", "total": 2, "verified_this_week": 0, "verified_total": 0, "completion_rate": 0.0, "new_problems_this_week": 0, "new_problems_total": 0, "remarks": ""}, {"unit": "街道农业农村办", "total": 6, "verified_this_week": 2, "verified_total": 2, "completion_rate": 0.3333, "new_problems_this_week": 1, "new_problems_total": 1, "remarks": ""}], "total": {"total": 34, "verified_this_week": 7, "verified_total": 7, "completion_rate": 0.2059, "new_problems_this_week": 2, "new_problems_total": 2, "remarks": ""}}', 'wangzx', '2026-12-02 00:04:51');
INSERT INTO public.report_snapshot VALUES (2, '2024-03-28', NULL, '{"week_start": "2024-03-22", "week_end": "2024-03-28", "rows": [{"unit": "七星村", "total": 8, "verified_this_week": 0, "verified_total": 3, "completion_rate": 0.375, "new_problems_this_week": 0, "new_problems_total": 1, "remarks": ""}, {"unit": "桃坡村", "total": 4, "verified_this_week": 2, "verified_total": 2, "completion_rate": 0.5, "new_problems_this_week": 0, "new_problems_total": 0, "remarks": ""}, {"unit": "杨山村", "total": 6, "verified_this_week": 0, "verified_total": 2, "completion_rate": 0.3333, "new_problems_this_week": 0, "new_problems_total": 0, "remarks": ""}, {"unit": "里山社区", "total": 4, "verified_this_week": 2, "verified_total": 2, "completion_rate": 0.5, "new_problems_this_week": 2, "new_problems_total": 2, "remarks": ""}, {"unit": "新河社区", "total": 4, "verified_this_week": 2, "verified_total": 2, "completion_rate": 0.5, "new_problems_this_week": 0, "new_problems_total": 0, "remarks": "油烟问题已约谈"}, {"unit": "街道城建办", "total": 2, "verified_this_week": 1, "verified_total": 1, "completion_rate": 0.5, "new_problems_this_week": 0, "new_problems_total": 0, "remarks": ""}, {"unit": "街道农业农村办", "total": 6, "verified_this_week": 0, "verified_total": 2, "completion_rate": 0.3333, "new_problems_this_week": 0, "new_problems_total": 1, "remarks": ""}], "total": {"total": 34, "verified_this_week": 7, "verified_total": 14, "completion_rate": 0.4118, "new_problems_this_week": 2, "new_problems_total": 4, "remarks": ""}}', 'wangzx', '2026-12-02 00:04:51');



INSERT INTO public.unit VALUES (1, '七星村', 'village', 10, true);
INSERT INTO public.unit VALUES (2, '桃坡村', 'village', 20, true);
INSERT INTO public.unit VALUES (3, '杨山村', 'village', 30, true);
INSERT INTO public.unit VALUES (4, '里山社区', 'community', 40, true);
INSERT INTO public.unit VALUES (5, '新河社区', 'community', 50, true);
INSERT INTO public.unit VALUES (6, '街道城建办', 'department', 60, true);
INSERT INTO public.unit VALUES (7, '街道农业农村办', 'department', 70, true);



INSERT INTO public."user" VALUES (1, 'wangzx', '王章兴', NULL, 'station', true, '2026-12-02 00:04:48');
INSERT INTO public."user" VALUES (2, 'qixing', '七星村 陈村干', 1, 'unit', true, '2026-12-02 00:04:48');
INSERT INTO public."user" VALUES (3, 'xinhe', '新河社区 刘主任', 5, 'unit', true, '2026-12-02 00:04:48');
INSERT INTO public."user" VALUES (4, 'quhuanweiban', '区环委办 查看', NULL, 'viewer', true, '2026-12-02 00:04:48');



INSERT INTO public.week_remark VALUES (1, 1, '2024-03-21', '第一周完成摸排', 1, 'wangzx', '2026-12-02 00:04:51');
INSERT INTO public.week_remark VALUES (2, 5, '2024-03-28', '油烟问题已约谈', 1, 'wangzx', '2026-12-02 00:04:51');
INSERT INTO public.week_remark VALUES (3, 1, '2024-04-11', '剩余信访件本周核查', 1, 'qixing', '2026-12-02 00:04:51');



SELECT pg_catalog.setval('public.audit_entry_id_seq', 147, true);



SELECT pg_catalog.setval('public.campaign_id_seq', 1, true);



SELECT pg_catalog.setval('public.draft_id_seq', 2, true);



SELECT pg_catalog.setval('public.inspection_id_seq', 31, true);



SELECT pg_catalog.setval('public.measure_id_seq', 25, true);



SELECT pg_catalog.setval('public.petition_case_id_seq', 34, true);



SELECT pg_catalog.setval('public.rectification_id_seq', 19, true);



SELECT pg_catalog.setval('public.report_snapshot_id_seq', 2, true);



SELECT pg_catalog.setval('public.unit_id_seq', 7, true);



SELECT pg_catalog.setval('public.user_id_seq', 4, true);



SELECT pg_catalog.setval('public.week_remark_id_seq', 3, true);



ALTER TABLE ONLY public.audit_entry
    ADD CONSTRAINT audit_entry_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.campaign
    ADD CONSTRAINT campaign_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.draft
    ADD CONSTRAINT draft_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.inspection
    ADD CONSTRAINT inspection_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.measure
    ADD CONSTRAINT measure_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.meta
    ADD CONSTRAINT meta_pkey PRIMARY KEY (key);



ALTER TABLE ONLY public.petition_case
    ADD CONSTRAINT petition_case_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.rectification
    ADD CONSTRAINT rectification_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.report_snapshot
    ADD CONSTRAINT report_snapshot_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.unit
    ADD CONSTRAINT unit_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.week_remark
    ADD CONSTRAINT week_remark_pkey PRIMARY KEY (id);



CREATE INDEX audit_entry_at ON public.audit_entry USING btree (at);



CREATE INDEX audit_entry_case_no ON public.audit_entry USING btree (case_no);



CREATE INDEX audit_entry_entity_entity_id_version ON public.audit_entry USING btree (entity, entity_id, version);



CREATE UNIQUE INDEX draft_login_form_key ON public.draft USING btree (login, form_key);



CREATE INDEX inspection_case_id ON public.inspection USING btree (case_id);



CREATE INDEX inspection_case_id_inspected_on ON public.inspection USING btree (case_id, inspected_on);



CREATE INDEX measure_rectification_id ON public.measure USING btree (rectification_id);



CREATE UNIQUE INDEX petition_case_case_no ON public.petition_case USING btree (case_no);



CREATE INDEX petition_case_channel_case_no ON public.petition_case USING btree (channel, case_no);



CREATE INDEX petition_case_first_verified_on_unit_id ON public.petition_case USING btree (first_verified_on, unit_id);



CREATE INDEX petition_case_id_unit_id ON public.petition_case USING btree (id, unit_id);



CREATE INDEX petition_case_next_deadline_case_no ON public.petition_case USING btree (next_deadline, case_no);



CREATE INDEX petition_case_received_on_case_no ON public.petition_case USING btree (received_on, case_no);



CREATE INDEX petition_case_search_grams ON public.petition_case USING gin (public.huitoukan_search_grams(search_text));



CREATE INDEX petition_case_search_trgm ON public.petition_case USING gin (search_text public.gin_trgm_ops);



CREATE INDEX petition_case_status_case_no ON public.petition_case USING btree (status, case_no);



CREATE INDEX petition_case_unit_id ON public.petition_case USING btree (unit_id);



CREATE INDEX petition_case_unit_id_case_no ON public.petition_case USING btree (unit_id, case_no);



CREATE INDEX rectification_case_id ON public.rectification USING btree (case_id);



CREATE INDEX rectification_inspection_id ON public.rectification USING btree (inspection_id);



CREATE INDEX rectification_kind_opened_on ON public.rectification USING btree (kind, opened_on);



CREATE INDEX rectification_kind_opened_on_case_id ON public.rectification USING btree (kind, opened_on, case_id);



CREATE INDEX rectification_status_deadline ON public.rectification USING btree (status, deadline);



CREATE INDEX report_snapshot_unit_id ON public.report_snapshot USING btree (unit_id);



CREATE INDEX report_snapshot_week_end ON public.report_snapshot USING btree (week_end);



CREATE UNIQUE INDEX unit_name ON public.unit USING btree (name);



CREATE UNIQUE INDEX user_login ON public."user" USING btree (login);



CREATE INDEX user_unit_id ON public."user" USING btree (unit_id);



CREATE INDEX week_remark_unit_id ON public.week_remark USING btree (unit_id);



CREATE UNIQUE INDEX week_remark_unit_id_week_end ON public.week_remark USING btree (unit_id, week_end);



ALTER TABLE ONLY public.inspection
    ADD CONSTRAINT inspection_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.petition_case(id) ON DELETE CASCADE;



ALTER TABLE ONLY public.measure
    ADD CONSTRAINT measure_rectification_id_fkey FOREIGN KEY (rectification_id) REFERENCES public.rectification(id) ON DELETE CASCADE;



ALTER TABLE ONLY public.petition_case
    ADD CONSTRAINT petition_case_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.unit(id) ON DELETE RESTRICT;



ALTER TABLE ONLY public.rectification
    ADD CONSTRAINT rectification_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.petition_case(id) ON DELETE CASCADE;



ALTER TABLE ONLY public.rectification
    ADD CONSTRAINT rectification_inspection_id_fkey FOREIGN KEY (inspection_id) REFERENCES public.inspection(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.report_snapshot
    ADD CONSTRAINT report_snapshot_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.unit(id) ON DELETE CASCADE;



ALTER TABLE ONLY public."user"
    ADD CONSTRAINT user_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.unit(id) ON DELETE RESTRICT;



ALTER TABLE ONLY public.week_remark
    ADD CONSTRAINT week_remark_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.unit(id) ON DELETE CASCADE;




